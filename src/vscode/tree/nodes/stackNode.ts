import * as vscode from 'vscode';
import { budgetLabel, budgetText, stackBudget } from '../../../core/billing/stackBudget';
import { kindLabel, recordOf } from '../../../core/kinds/kinds';
import { visibleParameterValues, type StackInfo } from '../../../core/stacks/stackInfo';
import { statusLabel } from '../../../core/stacks/stackStatus';
import { formatAge, humanTime } from '../../../core/util/age';
import { stackContextValue } from '../../contextValues';
import type { ExplorerNode } from '../explorerNode';
import { statusIcon } from '../statusIcons';
import type { StackDetailsSource } from '../stackDetailsSource';
import { EventsSectionNode, InstancesSectionNode, OutputsSectionNode, ParametersSectionNode } from './sectionNodes';
import { offersAction } from '../../../core/kinds/kindActions';
import { ReceivedStudiesNode } from './receivedStudyNodes';
import { costlyPartsUri } from '../../billing/costlyPartsBadge';

/** One CloudFormation stack; children are its outputs, instances, parameters and recent events. */
export class StackNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode | undefined,
    private readonly data: StackInfo,
    private readonly details: StackDetailsSource,
    private readonly showRegion: boolean,
  ) {}

  get stack(): StackInfo {
    return this.data;
  }

  get id(): string {
    return `stack:${this.data.stackId}`;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.data;
    const item = new vscode.TreeItem(s.stackName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const age = formatAge(new Date(s.updatedAt ?? s.createdAt));
    const budget = stackBudget(s);
    // Status and region first: at the default sidebar width the end of the line is cut off.
    item.description = [statusLabel(s.status), this.showRegion ? s.region : undefined, this.details.costLabel?.(s), budget && budgetLabel(budget), age].filter(Boolean).join(' · ');
    item.iconPath = statusIcon(s.status);
    item.contextValue = stackContextValue(s);
    // A warning badge while costly optional parts run (the lab's NAT gateway, Client VPN).
    const costly = costlyPartsUri(s);
    if (costly) item.resourceUri = costly;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.supportHtml = false;
    tooltip.appendMarkdown(`**`).appendText(s.stackName).appendMarkdown(`** — ${kindLabel(s.kind)}\n\n`);
    tooltip.appendMarkdown(`Status: ${statusLabel(s.status)}\n\n`);
    if (s.statusReason) tooltip.appendMarkdown('Reason: ').appendText(s.statusReason).appendMarkdown('\n\n');
    if (budget) tooltip.appendText(budgetText(budget)).appendMarkdown('\n\n');
    tooltip.appendMarkdown(`Region: ${s.region}\n\nCreated: ${humanTime(s.createdAt)}${s.updatedAt ? `\n\nUpdated: ${humanTime(s.updatedAt)}` : ''}\n\n`);
    if (s.kindEvidence === 'signature') {
      tooltip.appendMarkdown('_Recognised from its template (not deployed by Imaging Lab): _').appendText(recordOf(s.kind)?.recognise.why ?? '').appendMarkdown('\n\n');
    }
    const cost = recordOf(s.kind)?.stackCost?.(visibleParameterValues(s));
    if (cost) tooltip.appendMarkdown('Estimated cost: ').appendText(cost).appendMarkdown('\n\n');
    if (s.description) tooltip.appendText(s.description);
    item.tooltip = tooltip;
    return item;
  }

  getChildren(): ExplorerNode[] {
    return [
      new OutputsSectionNode(this, this.data),
      new InstancesSectionNode(this, this.data, this.details),
      new ParametersSectionNode(this, this.data),
      new EventsSectionNode(this, this.data, this.details),
      // stowrs kind: what the service stored in S3, by study and series (kinds that offer Browse Received Studies).
      ...(offersAction(this.data, 'browseReceivedStudies') && this.details.s3 ? [new ReceivedStudiesNode(this, this.data, this.details.s3)] : []),
    ];
  }
}
