import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { toStackInfo, type StackInfo } from '../../../src/core/stacks/stackInfo';
import { STACK_STATUSES } from '../../../src/core/stacks/stackStatus';
import type { Inventory } from '../../../src/core/stacks/inventoryModel';
import { CommandIds } from '../../../src/vscode/commandIds';
import type { ExplorerNode } from '../../../src/vscode/tree/explorerNode';
import { buildRootNodes } from '../../../src/vscode/tree/rootNodes';
import type { StackDetailsSource } from '../../../src/vscode/tree/stackDetailsSource';
import { knownStatusIcons } from '../../../src/vscode/tree/statusIcons';
import { creatingLabStack, failedOrthancStack, mdeStack, otherStack, upstreamMdeStack } from '../../fixtures/account';

const details: StackDetailsSource = {
  instances: async () => [
    { instanceId: 'i-0abc', logicalId: 'MdeInstance', state: 'running', publicIp: '127.0.0.20', privateIp: '10.0.0.5', role: 'mde', sshUser: 'ubuntu' },
  ],
  events: async () => {
    throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
  },
};

function inventory(stacks: StackInfo[], failures: Inventory['failures'] = []): Inventory {
  return { stacks, failures, fetchedAt: '2026-11-23T12:00:00Z' };
}

const item = (n: ExplorerNode) => n.getTreeItem() as vscode.TreeItem & { label: string };
async function children(n: ExplorerNode): Promise<ExplorerNode[]> {
  return (await n.getChildren?.()) ?? [];
}

describe('Stacks tree mapping', () => {
  const stacks = [toStackInfo(mdeStack, 'us-east-1'), toStackInfo(upstreamMdeStack, 'us-east-1'), toStackInfo(failedOrthancStack, 'us-east-1'), toStackInfo(creatingLabStack, 'eu-west-1'), toStackInfo(otherStack, 'us-east-1')];
  const failure = { region: 'ap-east-1', error: { category: 'region' as const, code: 'UnrecognizedClientException', message: 'enable the region' } };

  it('groups stacks by kind in catalog order, then one error node per failed region', () => {
    const roots = buildRootNodes(inventory(stacks, [failure]), details, true);
    assert.deepEqual(roots.map((r) => [item(r).label, item(r).description, item(r).contextValue]), [
      ['MONAI Deploy Express', '2', 'kindGroup'],
      ['Orthanc', '1', 'kindGroup'],
      ['Research lab', '1', 'kindGroup'],
      ['Other', '1', 'kindGroup'],
      ['ap-east-1: enable the region', undefined, 'regionError'],
    ]);
  });

  it('hides Other when the setting says so', () => {
    const roots = buildRootNodes(inventory(stacks), details, false);
    assert.ok(!roots.some((r) => item(r).label === 'Other'));
  });

  it('draws a stack with status, age and region (several regions), status icon, flags and reason', async () => {
    const [mdeGroup] = buildRootNodes(inventory(stacks), details, true);
    const [mylab, upstream] = await children(mdeGroup!);
    const mylabItem = item(mylab!);
    assert.equal(mylabItem.label, 'mylab');
    assert.match(String(mylabItem.description), /^create complete · us-east-1 · \d+[smhdw]$/);
    assert.equal(mylabItem.contextValue, 'stack mde complete web ssh allowMyIp action:registerSampleWorkflows');
    assert.equal((mylabItem.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.equal(item(upstream!).contextValue, 'stack mde rolledBack');
    assert.match(String((item(upstream!).tooltip as vscode.MarkdownString).value), /Recognised from its template/);
    const orthanc = (await children(buildRootNodes(inventory(stacks), details, true)[1]!))[0]!;
    assert.match((item(orthanc).tooltip as vscode.MarkdownString).value, /Database/);
  });

  it('shows outputs (URL opens, others copy), masked NoEcho parameters, instances and an error leaf for failed events', async () => {
    const [mdeGroup] = buildRootNodes(inventory(stacks), details, true);
    const mylab = (await children(mdeGroup!))[0]!;
    const [outputs, instances, parameters, events] = await children(mylab);
    const outs = (await children(outputs!)).map(item);
    const web = outs.find((o) => o.label === 'WebUrl')!;
    assert.deepEqual([web.contextValue, web.command?.command], ['output url', CommandIds.openOutputUrl]);
    const host = outs.find((o) => o.label === 'SshHost')!;
    assert.deepEqual([host.description, host.contextValue, host.command?.command], ['127.0.0.20', 'output', CommandIds.copyValue]);
    const params = (await children(parameters!)).map(item);
    assert.deepEqual(params.find((p) => p.label === 'MonaiUserPassword')?.description, '•••••••• (NoEcho)');
    const [vm] = (await children(instances!)).map(item);
    assert.deepEqual([vm?.label, vm?.description, vm?.contextValue], ['mde', 'running · 127.0.0.20', 'instance running']);
    const [eventError] = (await children(events!)).map(item);
    assert.match(eventError!.label, /throttling/i);
    assert.equal((eventError!.iconPath as vscode.ThemeIcon).id, 'error');
  });

  it('gives every CloudFormation stack status its own icon', () => {
    const icons = new Map(knownStatusIcons());
    assert.deepEqual([...icons.keys()].sort(), [...STACK_STATUSES].sort());
    const looks = [...icons.values()].map(([icon, colour]) => `${icon}/${colour}`);
    assert.equal(new Set(looks).size, looks.length);
  });
});
