import * as vscode from 'vscode';
import { friendlyAwsError } from '../../../core/aws/errors';
import type { StackInfo } from '../../../core/stacks/stackInfo';
import { ContextValues } from '../../contextValues';
import type { ExplorerNode } from '../explorerNode';
import type { StackDetailsSource } from '../stackDetailsSource';
import { EventNode, InstanceNode, OutputNode, ParameterNode } from './leafNodes';
import { childrenOrError, MessageNode } from './messageNode';

abstract class SectionNode implements ExplorerNode {
  protected abstract readonly label: string;
  protected abstract readonly icon: string;
  protected abstract readonly contextValue: string;
  constructor(readonly parent: ExplorerNode, protected readonly stack: StackInfo) {}

  get id(): string {
    return `${this.parent.id}/${this.contextValue}`;
  }

  protected description(): string | undefined {
    return undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = this.contextValue;
    const description = this.description();
    if (description) item.description = description;
    return item;
  }

  abstract getChildren(): Promise<ExplorerNode[]> | ExplorerNode[];

  protected describeError(action: string): (error: unknown) => string {
    return (error) => friendlyAwsError(error, { region: this.stack.region, action }).message;
  }
}

export class OutputsSectionNode extends SectionNode {
  protected readonly label = 'Outputs';
  protected readonly icon = 'output';
  protected readonly contextValue = ContextValues.outputsSection;
  protected override description(): string {
    return String(this.stack.outputs.length);
  }
  getChildren(): ExplorerNode[] {
    if (this.stack.outputs.length === 0) return [new MessageNode(this, `${this.id}/empty`, 'No outputs yet')];
    return this.stack.outputs.map((o) => new OutputNode(this, this.stack, o));
  }
}

export class ParametersSectionNode extends SectionNode {
  protected readonly label = 'Parameters';
  protected readonly icon = 'symbol-parameter';
  protected readonly contextValue = ContextValues.parametersSection;
  protected override description(): string {
    return String(this.stack.parameters.length);
  }
  getChildren(): ExplorerNode[] {
    if (this.stack.parameters.length === 0) return [new MessageNode(this, `${this.id}/empty`, 'No parameters')];
    return this.stack.parameters.map((p) => new ParameterNode(this, p));
  }
}

/** A section whose children are fetched from AWS when it is expanded. */
abstract class FetchedSectionNode extends SectionNode {
  protected abstract readonly emptyText: string;
  /** IAM actions the fetch needs, named when access is denied. */
  protected abstract readonly actions: string;
  constructor(parent: ExplorerNode, stack: StackInfo, protected readonly details: StackDetailsSource) {
    super(parent, stack);
  }
  protected abstract fetch(): Promise<ExplorerNode[]>;
  getChildren(): Promise<ExplorerNode[]> {
    return childrenOrError(this, () => this.fetch(), this.emptyText, this.describeError(this.actions));
  }
}

export class InstancesSectionNode extends FetchedSectionNode {
  protected readonly label = 'Instances';
  protected readonly icon = 'server';
  protected readonly contextValue = ContextValues.instancesSection;
  protected readonly emptyText = 'No EC2 instances in this stack';
  protected readonly actions = 'cloudformation:ListStackResources, ec2:DescribeInstances';
  protected async fetch(): Promise<ExplorerNode[]> {
    const instances = await this.details.instances(this.stack);
    // A running instance is likely to be connected to next: load ssh2 now, off the click's path.
    if (instances.some((i) => i.state === 'running')) void import('../../../core/ssh/ssh2Module').then((m) => m.prefetchSsh2());
    const idle = (await this.details.idleStops?.(this.stack, instances)) ?? [];
    return instances.map((i) => new InstanceNode(this, this.stack, i, idle.find((s) => s.instanceId === i.instanceId)));
  }
}

export class EventsSectionNode extends FetchedSectionNode {
  protected readonly label = 'Recent events';
  protected readonly icon = 'history';
  protected readonly contextValue = ContextValues.eventsSection;
  protected readonly emptyText = 'No events';
  protected readonly actions = 'cloudformation:DescribeStackEvents';
  protected async fetch(): Promise<ExplorerNode[]> {
    return (await this.details.events(this.stack)).map((e) => new EventNode(this, e));
  }
}
