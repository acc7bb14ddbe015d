import assert from 'node:assert/strict';
import {
  CreateChangeSetCommand, DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand, ExecuteChangeSetCommand, GetTemplateCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { event, REGION, STACK_ID, STACK_NAME } from './fakes';
import { useFlowHarness } from './fakeVscodeFlow';

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
  let updateStackFlow: typeof import('../../../src/vscode/deploy/updateStackFlow').updateStackFlow;
  const h = useFlowHarness(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    updateStackFlow = (require('../../../src/vscode/deploy/updateStackFlow') as typeof import('../../../src/vscode/deploy/updateStackFlow')).updateStackFlow;
  });
  let reviewed: string[];
  beforeEach(() => {
    reviewed = [];
    // Wizard: pick g5.xlarge, keep the current password, prepare the change set.
    h.win.createQuickPick = () => autoPick((labels) => Math.max(0, labels.indexOf('g5.xlarge')));
    h.win.showQuickPick = async (items: { label: string }[], o: { placeHolder: string }) => {
      reviewed.push(o.placeHolder, ...items.map((i) => i.label));
      return items[0];
    };
    h.win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({}, { onCancellationRequested: () => undefined });
  });
  it('asks with current values, shows the replacement before executing, then follows the update', async () => {
    h.aws.cfn.on(GetTemplateCommand).resolves({ TemplateBody: TEMPLATE });
    h.aws.cfn.on(CreateChangeSetCommand).resolves({ Id: 'cs-1', StackId: STACK_ID });
    h.aws.cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'CREATE_COMPLETE', StackId: STACK_ID,
      Changes: [{ Type: 'Resource', ResourceChange: { Action: 'Modify', LogicalResourceId: 'Server', ResourceType: 'AWS::EC2::Instance', Replacement: 'True', Details: [{ Target: { Attribute: 'Properties', Name: 'InstanceType' } }] } }],
    });
    h.aws.cfn.on(ExecuteChangeSetCommand).resolves({});
    h.aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', T0)] });
    h.aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Server', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) }] });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [STACK] });
    await updateStackFlow(h.services(), { stack: toStackInfo(STACK, REGION) });
    assert.deepEqual(h.aws.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.Parameters, [
      { ParameterKey: 'InstanceType', ParameterValue: 'g5.xlarge' },
      { ParameterKey: 'Password', UsePreviousValue: true },
    ]);
    assert.match(reviewed[0] ?? '', /REPLACED/);
    assert.ok(reviewed.some((l) => /Server/.test(l)));
    assert.equal(h.aws.cfn.commandCalls(ExecuteChangeSetCommand).length, 1);
    assert.equal(h.panels[0]?.title, `Update: ${STACK_NAME}`);
  });
});
