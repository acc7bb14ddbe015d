import * as vscode from 'vscode';
import { kindDisplay, type StackKind } from '../../../core/kinds/kinds';
import type { StackInfo } from '../../../core/stacks/stackInfo';
import { ContextValues } from '../../contextValues';
import type { ExplorerNode } from '../explorerNode';
import type { StackDetailsSource } from '../stackDetailsSource';
import { StackNode } from './stackNode';

/** Groups the stacks of one kind (MDE, Orthanc, STOW-RS, Lab, Tator, Other). */
export class KindGroupNode implements ExplorerNode {
  readonly parent = undefined;
  constructor(
    readonly kind: StackKind,
    private readonly stacks: readonly StackInfo[],
    private readonly details: StackDetailsSource,
    private readonly showRegion: boolean,
  ) {}

  get id(): string {
    return `kind:${this.kind}`;
  }

  getTreeItem(): vscode.TreeItem {
    const display = kindDisplay(this.kind);
    const state = this.kind === 'other' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(display.label, state);
    item.id = this.id;
    item.description = String(this.stacks.length);
    item.tooltip = display.summary;
    item.iconPath = new vscode.ThemeIcon(display.icon);
    item.contextValue = ContextValues.kindGroup;
    return item;
  }

  getChildren(): ExplorerNode[] {
    return this.stacks.map((s) => new StackNode(this, s, this.details, this.showRegion));
  }
}
