import * as vscode from 'vscode';
import { dirname, basename } from 'node:path';
import { awsFilePaths } from '../../core/aws/awsFiles';

/** Calls `onChange` (debounced) when ~/.aws/config or ~/.aws/credentials is created, edited or deleted. */
export function watchAwsFiles(onChange: () => void): vscode.Disposable {
  const paths = awsFilePaths();
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 500);
  };
  const watchers = [paths.configFile, paths.credentialsFile].map((file) => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(file)), basename(file)));
    watcher.onDidChange(fire);
    watcher.onDidCreate(fire);
    watcher.onDidDelete(fire);
    return watcher;
  });
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    watchers.forEach((w) => w.dispose());
  });
}
