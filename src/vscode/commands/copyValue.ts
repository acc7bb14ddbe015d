import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CopyableNode } from '../tree/nodes/leafNodes';

function isCopyable(node: unknown): node is CopyableNode {
  return typeof node === 'object' && node !== null && typeof (node as CopyableNode).copyValue === 'string';
}

/** Copies an output value, parameter value or instance address. */
export async function copyValue(_services: Services, node?: unknown): Promise<void> {
  if (!isCopyable(node) || node.copyValue === '') {
    void vscode.window.showInformationMessage('Nothing to copy here: select an output, parameter or instance in the Imaging Lab view.');
    return;
  }
  await vscode.env.clipboard.writeText(node.copyValue);
  vscode.window.setStatusBarMessage('$(check) Copied to clipboard', 2000);
}
