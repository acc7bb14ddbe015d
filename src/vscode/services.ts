import type * as vscode from 'vscode';
import type { SessionManager } from './session/sessionManager';
import type { StacksTreeProvider } from './tree/stacksTreeProvider';

/** What every command and view receives; built once in activate(). */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly session: SessionManager;
  readonly stacksTree: StacksTreeProvider;
  readonly output: vscode.LogOutputChannel;
}
