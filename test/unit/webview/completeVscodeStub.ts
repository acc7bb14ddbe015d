import Module from 'node:module';
import * as vscode from 'vscode';

/**
 * Adds what the progress panel and the quick-input prompter use and the shared stub lacks
 * (ViewColumn, QuickInputButtons, Uri.joinPath). Modules copy the stub's exports when first
 * loaded, so callers require those modules only after calling this.
 */
export function completeVscodeStub(): { readonly backButton: object } {
  const stub = (Module as unknown as { _load: (r: string, p: unknown) => Record<string, unknown> })._load('vscode', module);
  if (!('ViewColumn' in stub)) Object.defineProperty(stub, 'ViewColumn', { value: { Active: -1 }, enumerable: true });
  if (!('QuickInputButtons' in stub)) Object.defineProperty(stub, 'QuickInputButtons', { value: { Back: { iconPath: 'back' } }, enumerable: true });
  const uri = vscode.Uri as unknown as Record<string, unknown>;
  uri.joinPath ??= (base: { fsPath: string }, ...parts: string[]) => vscode.Uri.file([base.fsPath, ...parts].join('/'));
  return { backButton: (stub.QuickInputButtons as { Back: object }).Back };
}
