import * as vscode from 'vscode';

/**
 * The project's de-identification map: in the workspace's storage (one map per project), or the
 * global storage without a workspace. Never in the workspace itself (it could be committed).
 */
export function deidMapPath(context: vscode.ExtensionContext): string {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'deid', 'uid-map.json').fsPath;
}
