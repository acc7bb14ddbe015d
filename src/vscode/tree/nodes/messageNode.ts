import * as vscode from 'vscode';
import { ContextValues } from '../../contextValues';
import type { ExplorerNode } from '../explorerNode';

/** A leaf that only says something: "no outputs", a region's error, a failed expansion. */
export class MessageNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode | undefined,
    readonly id: string,
    private readonly label: string,
    private readonly icon: 'info' | 'error' = 'info',
    private readonly detail?: string,
    private readonly contextValue: string = ContextValues.message,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon, this.icon === 'error' ? new vscode.ThemeColor('errorForeground') : undefined);
    item.contextValue = this.contextValue;
    if (this.detail) {
      item.description = this.detail;
      item.tooltip = this.detail;
    }
    return item;
  }
}

/** Runs a child loader and turns a failure into an error leaf instead of a broken tree. */
export async function childrenOrError(
  parent: ExplorerNode,
  load: () => Promise<ExplorerNode[]>,
  empty: string,
  describe: (error: unknown) => string,
): Promise<ExplorerNode[]> {
  try {
    const children = await load();
    return children.length > 0 ? children : [new MessageNode(parent, `${parent.id}/empty`, empty)];
  } catch (error) {
    return [new MessageNode(parent, `${parent.id}/error`, describe(error), 'error')];
  }
}
