import * as vscode from 'vscode';
import type { S3Client } from '@aws-sdk/client-s3';
import { friendlyAwsError } from '../../../core/aws/errors';
import { formatBytes } from '../../../core/dicom/formatBytes';
import { browseStudies, browseStudy, receivedLocation, SERIES_INSTANCES_SHOWN, STUDIES_SHOWN, STUDY_OBJECTS_READ } from '../../../core/kinds/stowrs/receivedBrowse';
import type { ReceivedInstance, ReceivedSeries } from '../../../core/kinds/stowrs/receivedStudies';
import type { StackInfo } from '../../../core/stacks/stackInfo';
import { ContextValues } from '../../contextValues';
import type { ExplorerNode } from '../explorerNode';
import { childrenOrError, MessageNode } from './messageNode';

/** The S3 client of a region, made on first use (the tree's details source). */
export type S3Of = (region: string) => Promise<Pick<S3Client, 'send'>>;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function treeItem(id: string, label: string, state: vscode.TreeItemCollapsibleState, icon: string, contextValue: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, state);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = contextValue;
  return item;
}

/**
 * STOW-RS to S3: what the service wrote to its bucket, as studies, series and instances. Each level
 * is listed from S3 when expanded (study folders with a delimiter, then one study's keys), bounded;
 * every name shown was parsed as a UID first (keys come from the bucket).
 */
export class ReceivedStudiesNode implements ExplorerNode {
  constructor(readonly parent: ExplorerNode, readonly stack: StackInfo, private readonly s3: S3Of) {}
  get id(): string {
    return `${this.parent.id}/${ContextValues.receivedStudies}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = treeItem(this.id, 'Received studies', vscode.TreeItemCollapsibleState.Collapsed, 'database', ContextValues.receivedStudies);
    try {
      item.description = receivedLocation(this.stack).where;
    } catch (error) {
      item.description = (error as Error).message;
    }
    item.tooltip = 'Studies the STOW-RS service stored in its bucket (PREFIX/study/series/sop.dcm), listed from S3 when expanded.';
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const describe = (error: unknown) => friendlyAwsError(error, { region: this.stack.region, action: 's3:ListBucket' }).message;
    return childrenOrError(this, async () => {
      const listing = await browseStudies(await this.s3(this.stack.region), this.stack);
      const nodes: ExplorerNode[] = listing.studies.map((uid) => new ReceivedStudyNode(this, uid));
      if (listing.truncated) nodes.push(new MessageNode(this, `${this.id}/more`, `Only the first ${STUDIES_SHOWN.toLocaleString('en-US')} entries are listed here`));
      if (listing.otherEntries > 0) nodes.push(new MessageNode(this, `${this.id}/other`, `${plural(listing.otherEntries, 'other object or folder', 'other objects or folders')} under the prefix (not studies)`));
      return nodes;
    }, 'No study received yet', describe);
  }
  listStudy(uid: string): ReturnType<typeof browseStudy> {
    return this.s3(this.stack.region).then((s3) => browseStudy(s3, this.stack, uid));
  }
}

export class ReceivedStudyNode implements ExplorerNode {
  constructor(readonly parent: ReceivedStudiesNode, readonly studyInstanceUid: string) {}
  get id(): string {
    return `${this.parent.id}/${this.studyInstanceUid}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = treeItem(this.id, this.studyInstanceUid, vscode.TreeItemCollapsibleState.Collapsed, 'folder-library', ContextValues.receivedStudy);
    item.description = 'study';
    item.tooltip = `Study Instance UID ${this.studyInstanceUid}`;
    return item;
  }
  getChildren(): Promise<ExplorerNode[]> {
    const describe = (error: unknown) => friendlyAwsError(error, { region: this.parent.stack.region, action: 's3:ListBucket' }).message;
    return childrenOrError(this, async () => {
      const study = await this.parent.listStudy(this.studyInstanceUid);
      const nodes: ExplorerNode[] = study.series.map((s) => new ReceivedSeriesNode(this, s));
      if (study.truncated) nodes.push(new MessageNode(this, `${this.id}/more`, `Counted from the first ${STUDY_OBJECTS_READ.toLocaleString('en-US')} objects of the study`));
      if (study.otherObjects > 0) nodes.push(new MessageNode(this, `${this.id}/other`, `${plural(study.otherObjects, 'other object')} in the study folder (not series/sop.dcm)`));
      return nodes;
    }, 'No instance in this study', describe);
  }
}

export class ReceivedSeriesNode implements ExplorerNode {
  constructor(readonly parent: ReceivedStudyNode, readonly series: ReceivedSeries) {}
  get id(): string {
    return `${this.parent.id}/${this.series.seriesInstanceUid}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = treeItem(this.id, this.series.seriesInstanceUid, vscode.TreeItemCollapsibleState.Collapsed, 'layers', ContextValues.receivedSeries);
    item.description = `${plural(this.series.instances.length, 'instance')} · ${formatBytes(this.series.bytes)}`;
    item.tooltip = `Series Instance UID ${this.series.seriesInstanceUid}`;
    return item;
  }
  getChildren(): ExplorerNode[] {
    const shown = this.series.instances.slice(0, SERIES_INSTANCES_SHOWN).map((i) => new ReceivedInstanceNode(this, i));
    const rest = this.series.instances.length - shown.length;
    return rest > 0 ? [...shown, new MessageNode(this, `${this.id}/more`, `${plural(rest, 'more instance')} (Browse Received Studies lists them all)`)] : shown;
  }
}

export class ReceivedInstanceNode implements ExplorerNode {
  constructor(readonly parent: ReceivedSeriesNode, readonly instance: ReceivedInstance) {}
  get id(): string {
    return `${this.parent.id}/${this.instance.sopInstanceUid}`;
  }
  getTreeItem(): vscode.TreeItem {
    const i = this.instance;
    const item = treeItem(this.id, i.sopInstanceUid, vscode.TreeItemCollapsibleState.None, 'file-binary', ContextValues.receivedInstance);
    item.description = formatBytes(i.size);
    item.tooltip = [`SOP Instance UID ${i.sopInstanceUid}`, `Object key ${i.key}`, i.lastModified && `Stored ${i.lastModified.toISOString()}`].filter(Boolean).join('\n');
    return item;
  }
}
