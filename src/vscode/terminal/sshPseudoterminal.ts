import * as vscode from 'vscode';
import { SshTerminalSession, type SessionHooks } from './sshTerminalSession';

/** Adapts SshTerminalSession to a VS Code Pseudoterminal; no local OpenSSH needed. */
export function createSshTerminal(name: string, hooks: SessionHooks): vscode.Terminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let closedByUs = false;
  const session = new SshTerminalSession(name, hooks, {
    write: (text) => write.fire(text),
    close: (code) => {
      if (closedByUs) return;
      closedByUs = true;
      close.fire(code);
      write.dispose();
      close.dispose();
    },
  });
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dimensions) => void session.open(dimensions?.columns ?? 80, dimensions?.rows ?? 24),
    handleInput: (data) => session.input(data),
    setDimensions: (dimensions) => session.resize(dimensions.columns, dimensions.rows),
    close: () => {
      closedByUs = true; // VS Code closed the terminal: do not fire onDidClose back
      session.dispose();
      write.dispose();
      close.dispose();
    },
  };
  return vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('terminal') });
}
