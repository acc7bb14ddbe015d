import type * as vscode from 'vscode';

/** A node of the Stacks view: wraps plain data and knows how to draw itself and its children. */
export interface ExplorerNode {
  /** Stable across refreshes so VS Code keeps expansion state. */
  readonly id: string;
  readonly parent: ExplorerNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<ExplorerNode[]> | ExplorerNode[];
}
