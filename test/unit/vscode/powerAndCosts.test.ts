import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import type { PowerInstance } from '../../../src/core/power/powerTypes';
import type { Tunnel } from '../../../src/core/ssh/tunnels';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { CostMonitor } from '../../../src/vscode/billing/costMonitor';
import { createCostStatusBar } from '../../../src/vscode/billing/costStatusBar';
import { confirmPower, POWER_CONFIRM } from '../../../src/vscode/power/powerConfirm';
import type { SessionManager } from '../../../src/vscode/session/sessionManager';
import { InstanceNode } from '../../../src/vscode/tree/nodes/leafNodes';
import { InstancesSectionNode } from '../../../src/vscode/tree/nodes/sectionNodes';
import { StackNode } from '../../../src/vscode/tree/nodes/stackNode';
import type { StackDetailsSource } from '../../../src/vscode/tree/stackDetailsSource';
import { UserCancelledError } from '../../../src/vscode/userCancelled';
import { mdeStack } from '../../fixtures/account';
import { matchingProducts, priceListEntry, priceListProducts } from '../../fixtures/priceList';
import { instanceShape, reservations } from '../power/ec2Shapes';
import { mockDuringSuite, testClients } from '../ssh/awsFakes';
import * as stub from '../../support/vscodeStub';

const stack = toStackInfo(mdeStack, 'us-east-1');
const IDLE = { instanceId: 'i-0idle', alarmName: 'a', stoppedAt: '2026-11-29T18:02:11.203Z', thresholdPercent: 10, minutes: 60 };
const item = (n: { getTreeItem(): vscode.TreeItem }) => n.getTreeItem();

function powerInstance(over: Partial<PowerInstance> = {}): PowerInstance {
  return { instanceId: 'i-0abc', label: 'mde', state: 'running', elasticIp: true, publicIp: '127.0.0.5', ebsVolumeIds: ['vol-1'], instanceType: 'g4dn.xlarge', ...over };
}

describe('power and costs in the VS Code layer', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const pricing = mockDuringSuite(PricingClient);
  const window = stub.window as unknown as Record<string, unknown>;
  const originalWarning = window.showWarningMessage;
  afterEach(() => (window.showWarningMessage = originalWarning));

  it('an instance its idle alarm stopped says so, and offers Start (context "instance stopped")', async () => {
    const details: StackDetailsSource = {
      instances: async () => [
        { instanceId: 'i-0idle', logicalId: 'MdeInstance', state: 'stopped', role: 'mde' },
        { instanceId: 'i-0run', logicalId: 'Other', state: 'running', role: 'other', publicIp: '127.0.0.9' },
      ],
      events: async () => [],
      idleStops: async (_s, instances) => (instances.some((i) => i.instanceId === 'i-0idle') ? [IDLE] : []),
    };
    const nodes = await new InstancesSectionNode(new StackNode(undefined, stack, details, false), stack, details).getChildren();
    const [idle, running] = nodes.map(item);
    assert.equal(idle?.description, 'stopped (idle)');
    assert.equal(idle?.contextValue, 'instance stopped');
    assert.match(String(idle?.tooltip), /stopped for being idle \(activity below 10% for 60 min\) at 2026-11-29 18:02 UTC; start it from this node/);
    assert.equal(running?.contextValue, 'instance running');
    const plain = item(new InstanceNode({ id: 'p', parent: undefined, getTreeItem: () => ({}) }, stack, { instanceId: 'i-0x', logicalId: 'X', state: 'stopped' }));
    assert.equal(plain.description, 'stopped');
    assert.equal(plain.contextValue, 'instance stopped');
  });

  it("a stack node's description carries its hourly figure once computed", () => {
    const details: StackDetailsSource = { instances: async () => [], events: async () => [], costLabel: () => '≈ $0.55/h' };
    assert.match(String(item(new StackNode(undefined, stack, details, true)).description), /^create complete · us-east-1 · ≈ \$0\.55\/h · \d+[smhdw]$/);
    const none: StackDetailsSource = { instances: async () => [], events: async () => [] };
    assert.doesNotMatch(String(item(new StackNode(undefined, stack, none, false)).description), /\$/);
  });

  it("a stack node shows the budget its template created (BudgetEmail set), and none for a hostile amount", () => {
    const details: StackDetailsSource = { instances: async () => [], events: async () => [] };
    const withParameters = (email: string, amount: string) => ({ ...stack, parameters: [...stack.parameters, { key: 'BudgetEmail', value: email, masked: false }, { key: 'BudgetMonthlyUsd', value: amount, masked: false }] });
    const budgeted = item(new StackNode(undefined, withParameters('lab@localhost.localdomain', '150'), details, false));
    assert.match(String(budgeted.description), /^create complete · budget \$150\/mo · \d+[smhdw]$/);
    assert.match((budgeted.tooltip as unknown as { value: string }).value, /Budget: \$150 per month .*80 % and 100 %/);
    assert.doesNotMatch(String(item(new StackNode(undefined, withParameters('', '150'), details, false)).description), /budget/, 'no e-mail: the template created no budget');
    assert.doesNotMatch(String(item(new StackNode(undefined, withParameters('a@b.cd', '1e9 [x](command:y)'), details, false)).description), /budget/);
  });

  it('asks before a stop with what is kept and lost; instance-store data gets its own button; dismissing cancels', async () => {
    const asked: unknown[][] = [];
    window.showWarningMessage = async (...args: unknown[]) => (asked.push(args), undefined);
    await assert.rejects(confirmPower('stop', stack, [powerInstance({ instanceStoreGb: 125 })]), UserCancelledError);
    const [message, options, button] = asked[0] as [string, { modal: boolean; detail: string }, string];
    assert.equal(message, 'Stop mde (i-0abc, running) of mylab?');
    assert.equal(options.modal, true);
    assert.match(options.detail, /Stopping keeps: EBS volumes \(1\).*the Elastic IP of mde/);
    assert.match(options.detail, /Stopping loses: the instance-store volume of mde \(125 GB of g4dn\.xlarge\): its data is erased/);
    assert.equal(button, POWER_CONFIRM.stopErasing);
    window.showWarningMessage = async () => POWER_CONFIRM.stop;
    await confirmPower('stop', stack, [powerInstance()]);
    await confirmPower('stop', stack, [powerInstance({ state: 'stopped' })]);
    window.showWarningMessage = async () => POWER_CONFIRM.reboot;
    await confirmPower('reboot', stack, [powerInstance()]);
  });

  it('a reboot names the tunnels that drop with it and says to open them again', async () => {
    const asked: unknown[][] = [];
    window.showWarningMessage = async (...args: unknown[]) => (asked.push(args), POWER_CONFIRM.reboot);
    const tunnel = { id: 7, url: 'http://127.0.0.1:8104/', label: 'mylab:104', remoteHost: '127.0.0.1', remotePort: 104 } as unknown as Tunnel;
    await confirmPower('reboot', stack, [powerInstance()], [tunnel]);
    await confirmPower('reboot', stack, [powerInstance()]);
    const [first, second] = asked.map((a) => (a[1] as { detail: string }).detail);
    assert.match(first!, /These SSH tunnels drop and are not reopened by themselves: http:\/\/127\.0\.0\.1:8104\/ → mylab:104; open them again once it is back\./);
    assert.doesNotMatch(second!, /tunnel/i);
  });

  it('the cost monitor prices the listed stacks, feeds the status bar, and recomputes when invalidated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-costs-'));
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'MdeInstance', PhysicalResourceId: 'i-0abc', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        { LogicalResourceId: 'Ip', PhysicalResourceId: '127.0.0.5', ResourceType: 'AWS::EC2::EIP', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      ],
    });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape('i-0abc', { state: 'running', publicIp: '127.0.0.5', elastic: true })));
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1', Size: 200, VolumeType: 'gp3', Attachments: [{ InstanceId: 'i-0abc' }] }] });
    pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => ({ PriceList: matchingProducts(priceListProducts(), input.ServiceCode ?? '', input.Filters ?? []).map(priceListEntry) }));
    const sessionChanged = new stub.EventEmitter<void>();
    const sessions = { session: { clients: testClients(), profile: undefined, regions: ['us-east-1'] }, onDidChangeSession: sessionChanged.event } as unknown as SessionManager;
    const monitor = new CostMonitor(sessions, () => dir, stub.window.createOutputChannel() as unknown as vscode.LogOutputChannel, 0);
    const bar = stub.window.createStatusBarItem();
    const window = stub.window as unknown as { createStatusBarItem: () => unknown };
    const original = window.createStatusBarItem;
    window.createStatusBarItem = () => bar;
    const disposable = createCostStatusBar(monitor);
    window.createStatusBarItem = original;
    try {
      monitor.update([stack, { ...stack, stackId: 'gone', status: 'DELETE_COMPLETE' }]);
      await monitor.settled();
      assert.equal(monitor.costs().length, 1, 'a deleted stack is not priced');
      assert.equal(bar.text, '$(credit-card) ≈ $0.55/h');
      assert.match((bar.tooltip as unknown as stub.MarkdownString).value, /mylab \\\(us\\-east\\-1\\\): ≈ \$0\\\.55\/h[\s\S]*mde: g4dn\\\.xlarge \\\(running\\\): \$0\\\.53\/h \\\(AWS Price List\\\)/);
      assert.match((bar.tooltip as unknown as stub.MarkdownString).value, /Estimate from on\\-demand list prices/);
      const calls = cfn.commandCalls(ListStackResourcesCommand).length;
      monitor.update([stack]);
      await monitor.settled();
      assert.equal(cfn.commandCalls(ListStackResourcesCommand).length, calls, 'a fresh figure is not computed again on every refresh');
      ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape('i-0abc', { state: 'stopped' })));
      monitor.invalidate(stack.stackId);
      await monitor.settled();
      assert.equal(bar.text, '$(credit-card) ≈ $0.027/h', 'after a stop: storage and the Elastic IP only');
      sessionChanged.fire();
      assert.deepEqual(monitor.costs(), [], 'another profile or region set forgets the figures');
    } finally {
      disposable.dispose();
      monitor.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
