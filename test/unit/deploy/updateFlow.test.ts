import assert from 'node:assert/strict';
import {
  CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand, GetTemplateCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import type { Services } from '../../../src/vscode/services';
import { completeVscodeStub } from '../webview/completeVscodeStub';
import { fakePanel, type FakePanel } from '../webview/fakeWebviewPanel';
import { event, mockAws, REGION, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const TEMPLATE = JSON.stringify({
  Parameters: { InstanceType: { Type: 'String', AllowedValues: ['g4dn.xlarge', 'g5.xlarge'] }, Password: { Type: 'String', NoEcho: true } },
  Resources: { Server: { Type: 'AWS::EC2::Instance' }, Sg: { Type: 'AWS::EC2::SecurityGroup' } },
});
const STACK = {
  StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date(T0),
  Parameters: [{ ParameterKey: 'InstanceType', ParameterValue: 'g4dn.xlarge' }, { ParameterKey: 'Password', ParameterValue: '****' }],
};

/** A quick pick that accepts the item chosen by `choose` as soon as it is shown. */
function autoPick(choose: (labels: string[]) => number) {
  const handlers = new Map<string, (a?: unknown) => void>();
  const qp: Record<string, unknown> = {
    items: [] as { label: string }[], activeItems: [], selectedItems: [], buttons: [],
    onDidTriggerButton: (h: () => void) => (handlers.set('button', h), { dispose: () => undefined }),
    onDidAccept: (h: () => void) => (handlers.set('accept', h), { dispose: () => undefined }),
    onDidHide: (h: () => void) => (handlers.set('hide', h), { dispose: () => undefined }),
    dispose: () => undefined,
    show: () => {
      const items = qp.items as { label: string }[];
      qp.selectedItems = [items[choose(items.map((i) => i.label))]];
      setImmediate(() => handlers.get('accept')?.());
    },
  };
  return qp;
}

describe('Update Stack command flow (faked VS Code, mocked AWS)', () => {
  const win = vscode.window as unknown as Record<string, unknown>;
  const cmds = vscode.commands as unknown as Record<string, unknown>;
  const saved = { win: { ...win }, cmds: { ...cmds } };
  let updateStackFlow: typeof import('../../../src/vscode/deploy/updateStackFlow').updateStackFlow;
  let aws: MockedAws;
  let panels: FakePanel[];
  let reviewed: string[];
  let subscriptions: { dispose(): unknown }[];

  before(() => {
    completeVscodeStub();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    updateStackFlow = (require('../../../src/vscode/deploy/updateStackFlow') as typeof import('../../../src/vscode/deploy/updateStackFlow')).updateStackFlow;
  });
  beforeEach(async () => {
    aws = await mockAws();
    panels = [];
    reviewed = [];
    subscriptions = [];
    win.createWebviewPanel = () => panels[panels.push(fakePanel()) - 1];
    // Wizard: pick g5.xlarge, keep the current password, prepare the change set.
    win.createQuickPick = () => autoPick((labels) => Math.max(0, labels.indexOf('g5.xlarge')));
    win.showQuickPick = async (items: { label: string }[], o: { placeHolder: string }) => {
      reviewed.push(o.placeHolder, ...items.map((i) => i.label));
      return items[0];
    };
    win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({}, { onCancellationRequested: () => undefined });
    win.showInformationMessage = async () => undefined;
    cmds.getCommands = async () => [];
  });
  afterEach(() => {
    for (const p of panels) if (!p.disposed) p.dispose();
    for (const s of subscriptions) s.dispose();
    Object.assign(win, saved.win);
    Object.assign(cmds, saved.cmds);
  });

  it('asks with current values, shows the replacement before executing, then follows the update', async () => {
    aws.cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    aws.cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1', StackId: STACK_ID });
    aws.cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE', StackId: STACK_ID,
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'Server', ResourceType: 'AWS::EC2::Instance', Replacement: 'True', Details: [{ Target: { Attribute: 'Properties', Name: 'InstanceType' } }] } }],
    });
    aws.cfn.on(ExecuteChangeSetCommand).resolves({});
    aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Server', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) }] });
    aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [STACK] });
    const services = {
      context: { extensionUri: vscode.Uri.file('/ext'), subscriptions },
      session: { session: { clients: aws.clients, regions: [REGION], profile: undefined }, onDidChangeSession: () => new vscode.Disposable(() => undefined) },
      stacksTree: { refresh: async () => undefined },
      output: { info: () => undefined, warn: () => undefined, error: () => undefined },
    } as unknown as Services;
    await updateStackFlow(services, { stack: toStackInfo(STACK, REGION) });
    assert.deepEqual(aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.Parameters, [
      { ParameterKey: 'InstanceType', ParameterValue: 'g5.xlarge' },
      { ParameterKey: 'Password', UsePreviousValue: true },
    ]);
    assert.match(reviewed[0] ?? '', /REPLACED/);
    assert.ok(reviewed.some((l) => /Server/.test(l)));
    assert.equal(aws.cfn.commandCalls(ExecuteChangeSetCommand).length, 1);
    assert.equal(panels[0]?.title, `Update: ${STACK_NAME}`);
  });
});
