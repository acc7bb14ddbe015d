import * as vscode from 'vscode';
import { idleStopText, type IdleStop } from '../../../core/billing/idleStop';
import type { StackEventInfo } from '../../../core/stacks/recentEvents';
import type { InstanceInfo } from '../../../core/stacks/stackInstances';
import type { StackInfo, StackOutput, StackParameter } from '../../../core/stacks/stackInfo';
import { formatAge, humanTime } from '../../../core/util/age';
import { statusLabel } from '../../../core/stacks/stackStatus';
import { CommandIds } from '../../commandIds';
import { ContextValues } from '../../contextValues';
import type { ExplorerNode } from '../explorerNode';
import { statusIcon } from '../statusIcons';

const URL_PATTERN = /^https?:\/\/\S+$/i;

/** Anything that has a value a user may want on the clipboard. */
export interface CopyableNode extends ExplorerNode {
  readonly copyValue: string;
}

export class OutputNode implements CopyableNode {
  constructor(readonly parent: ExplorerNode, readonly stack: StackInfo, readonly output: StackOutput) {}
  get id(): string {
    return `${this.parent.id}/${this.output.key}`;
  }
  get copyValue(): string {
    return this.output.value;
  }
  get isUrl(): boolean {
    return URL_PATTERN.test(this.output.value);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.output.key, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.output.value;
    item.tooltip = [this.output.description, this.output.value].filter(Boolean).join('\n\n');
    item.iconPath = new vscode.ThemeIcon(this.isUrl ? 'link-external' : 'symbol-constant');
    item.contextValue = this.isUrl ? ContextValues.outputUrl : ContextValues.output;
    item.command = this.isUrl
      ? { command: CommandIds.openOutputUrl, title: 'Open', arguments: [this] }
      : { command: CommandIds.copyValue, title: 'Copy', arguments: [this] };
    return item;
  }
}

export class ParameterNode implements CopyableNode {
  constructor(readonly parent: ExplorerNode, readonly parameter: StackParameter) {}
  get id(): string {
    return `${this.parent.id}/${this.parameter.key}`;
  }
  get copyValue(): string {
    return this.parameter.masked ? '' : this.parameter.value;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.parameter.key, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.parameter.masked ? '•••••••• (NoEcho)' : this.parameter.value;
    item.iconPath = new vscode.ThemeIcon(this.parameter.masked ? 'lock' : 'symbol-parameter');
    item.contextValue = this.parameter.masked ? ContextValues.message : ContextValues.parameter;
    return item;
  }
}

export class InstanceNode implements CopyableNode {
  constructor(
    readonly parent: ExplorerNode,
    readonly stack: StackInfo,
    readonly instance: InstanceInfo,
    /** Set when the instance's idle alarm stopped it (and nobody started it since). */
    readonly idleStop?: IdleStop,
  ) {}
  get id(): string {
    return `${this.parent.id}/${this.instance.instanceId}`;
  }
  get copyValue(): string {
    return this.instance.publicIp ?? this.instance.privateIp ?? this.instance.instanceId;
  }
  getTreeItem(): vscode.TreeItem {
    const i = this.instance;
    const item = new vscode.TreeItem(i.role ?? i.name ?? i.logicalId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [this.idleStop ? 'stopped (idle)' : i.state, i.publicIp ?? (i.privateIp ? `private ${i.privateIp}` : undefined)].filter(Boolean).join(' · ');
    item.tooltip = [
      `${i.instanceId} (${i.logicalId})`,
      i.instanceType && `Type: ${i.instanceType}`,
      `State: ${i.state}`,
      i.publicIp && `Public IP: ${i.publicIp}`,
      i.privateIp && `Private IP: ${i.privateIp}`,
      i.role && `Role: ${i.role}`,
      i.sshUser && `SSH user: ${i.sshUser}`,
      i.sshVia && `Reached through: ${i.sshVia}`,
      this.idleStop && `${idleStopText(this.idleStop)}; start it from this node (Start Instance).`,
    ]
      .filter(Boolean)
      .join('\n');
    const running = i.state === 'running';
    item.iconPath = new vscode.ThemeIcon('vm', new vscode.ThemeColor(running ? 'testing.iconPassed' : 'disabledForeground'));
    item.contextValue = running ? ContextValues.instanceRunning : i.state === 'stopped' ? ContextValues.instanceStopped : ContextValues.instance;
    return item;
  }
}

export class EventNode implements ExplorerNode {
  constructor(readonly parent: ExplorerNode, readonly event: StackEventInfo) {}
  get id(): string {
    return `${this.parent.id}/${this.event.eventId}`;
  }
  getTreeItem(): vscode.TreeItem {
    const e = this.event;
    // The same status casing as the stack line ("create complete").
    const item = new vscode.TreeItem(`${e.logicalId} ${statusLabel(e.status)}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [formatAge(new Date(e.timestamp)), e.reason].filter(Boolean).join(' · ');
    item.tooltip = [`${e.resourceType} ${e.logicalId}`, e.physicalId, humanTime(e.timestamp), e.reason].filter(Boolean).join('\n');
    item.iconPath = statusIcon(e.status);
    item.contextValue = ContextValues.event;
    return item;
  }
}
