import * as vscode from 'vscode';

/** A terminal the extension created while the capture was on; `output` is what its Pseudoterminal wrote. */
export interface CapturedTerminal {
  readonly terminal: vscode.Terminal;
  readonly hasPty: boolean;
  /** Every chunk written by the Pseudoterminal, in order (empty for shell terminals). */
  readonly chunks: string[];
  output(): string;
}

export interface WindowCapture {
  readonly terminals: CapturedTerminal[];
  /** Messages shown through showInformation/Warning/ErrorMessage, answered with "dismissed". */
  readonly messages: { readonly level: 'info' | 'warning' | 'error'; readonly text: string }[];
  /** Commands run through vscode.commands.executeCommand (by the extension or the test). */
  readonly commands: string[];
  restore(): void;
}

type Patchable = Record<string, unknown>;

/**
 * Test helper: the extension and this suite share one `vscode` API object in the extension host,
 * so wrapping its functions observes what the extension does: the terminals it creates (and the
 * text a Pseudoterminal writes, which the API offers no other way to read), the messages it shows
 * (answered as if dismissed, so nothing waits for a person) and the commands it runs.
 */
export function captureWindow(): WindowCapture {
  const window = vscode.window as unknown as Patchable;
  const commandsApi = vscode.commands as unknown as Patchable;
  const originals = {
    createTerminal: window.createTerminal,
    showInformationMessage: window.showInformationMessage,
    showWarningMessage: window.showWarningMessage,
    showErrorMessage: window.showErrorMessage,
    executeCommand: commandsApi.executeCommand,
  };
  const capture: WindowCapture = {
    terminals: [],
    messages: [],
    commands: [],
    restore: () => {
      window.createTerminal = originals.createTerminal;
      window.showInformationMessage = originals.showInformationMessage;
      window.showWarningMessage = originals.showWarningMessage;
      window.showErrorMessage = originals.showErrorMessage;
      commandsApi.executeCommand = originals.executeCommand;
    },
  };
  window.createTerminal = (...args: unknown[]) => {
    const options = typeof args[0] === 'object' ? (args[0] as Partial<vscode.ExtensionTerminalOptions>) : undefined;
    const chunks: string[] = [];
    options?.pty?.onDidWrite((text) => chunks.push(text));
    const terminal = (originals.createTerminal as (...a: unknown[]) => vscode.Terminal).apply(vscode.window, args);
    capture.terminals.push({ terminal, hasPty: Boolean(options?.pty), chunks, output: () => chunks.join('') });
    return terminal;
  };
  const message = (level: 'info' | 'warning' | 'error') => (text: string) => {
    capture.messages.push({ level, text });
    return Promise.resolve(undefined);
  };
  window.showInformationMessage = message('info');
  window.showWarningMessage = message('warning');
  window.showErrorMessage = message('error');
  commandsApi.executeCommand = (id: string, ...rest: unknown[]) => {
    capture.commands.push(id);
    return (originals.executeCommand as (...a: unknown[]) => Thenable<unknown>).call(vscode.commands, id, ...rest);
  };
  return capture;
}

/** Resolves with the terminal's exit status once VS Code reports it closed (bounded). */
export function terminalClosed(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalExitStatus | undefined> {
  if (terminal.exitStatus) return Promise.resolve(terminal.exitStatus);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`terminal '${terminal.name}' did not close within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = vscode.window.onDidCloseTerminal((closed) => {
      if (closed !== terminal) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(closed.exitStatus);
    });
  });
}
