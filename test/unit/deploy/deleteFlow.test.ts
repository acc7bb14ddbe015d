import assert from 'node:assert/strict';
import { DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { event, newestFirst, REGION, STACK_ID, STACK_NAME } from './fakes';
import { useFlowHarness } from './fakeVscodeFlow';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const STACK = { StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date(T0), Tags: [{ Key: 'imaging-lab:kind', Value: 'mde' }] };

describe('Delete Stack command flow (faked VS Code, mocked AWS)', () => {
  let deleteStackFlow: typeof import('../../../src/vscode/deploy/deleteStackFlow').deleteStackFlow;
  const h = useFlowHarness(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    deleteStackFlow = (require('../../../src/vscode/deploy/deleteStackFlow') as typeof import('../../../src/vscode/deploy/deleteStackFlow')).deleteStackFlow;
  });
  let typed: string | undefined;
  let prompts: { validateInput?: (v: string) => string | undefined }[];
  beforeEach(() => {
    prompts = [];
    h.win.showInputBox = async (o: { validateInput?: (v: string) => string | undefined }) => (prompts.push(o), typed);
  });
  it('deletes nothing unless the stack name is typed', async () => {
    typed = undefined;
    await assert.rejects(deleteStackFlow(h.services(), { stack: toStackInfo(STACK, REGION) }), { name: 'UserCancelledError' });
    assert.equal(prompts[0]?.validateInput?.('mde'), `Type the stack name exactly: ${STACK_NAME}`);
    assert.equal(prompts[0]?.validateInput?.(STACK_NAME), undefined);
    assert.equal(h.aws.cfn.commandCalls(DeleteStackCommand).length, 0);
  });

  it('deletes after confirmation and the panel explains the bucket CloudFormation could not delete', async () => {
    typed = STACK_NAME;
    const before = [event(STACK_NAME, 'CREATE_COMPLETE', T0 - 60_000)];
    const during = [
      ...before,
      event(STACK_NAME, 'DELETE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
      event('Data', 'DELETE_FAILED', T0 + 4000, { PhysicalResourceId: 'mde-lab-data', ResourceStatusReason: 'The bucket you tried to delete is not empty' }),
      event('Role', 'DELETE_SKIPPED', T0 + 4000, { ResourceType: 'AWS::IAM::Role', PhysicalResourceId: 'mde-lab-role' }),
      event(STACK_NAME, 'DELETE_FAILED', T0 + 5000, { ResourceStatusReason: 'The following resource(s) failed to delete: [Data].' }),
    ];
    h.aws.cfn.on(DescribeStackEventsCommand).resolvesOnce({ StackEvents: newestFirst(before) }).resolves({ StackEvents: newestFirst(during) });
    h.aws.cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Data', ResourceType: 'AWS::S3::Bucket', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) },
        { LogicalResourceId: 'Role', ResourceType: 'AWS::IAM::Role', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(T0) },
      ],
    });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [STACK] });
    h.aws.cfn.on(DeleteStackCommand).resolves({});
    await deleteStackFlow(h.services(), { stack: toStackInfo(STACK, REGION) });
    const input = h.aws.cfn.commandCalls(DeleteStackCommand)[0]?.args[0].input;
    assert.equal(input?.StackName, STACK_ID);
    assert.match(input?.ClientRequestToken ?? '', /^delete-/);
    const panel = h.panels[0];
    assert.ok(panel);
    assert.equal(panel.title, `Delete: ${STACK_NAME}`);
    await panel.send({ type: 'ready' });
    const failed = () => panel.views().find((v) => v.header.outcome === 'failed');
    while (!failed()) await new Promise((r) => setTimeout(r, 5));
    const view = failed();
    assert.deepEqual(view?.leftBehind.map((l) => [l.logicalId, l.kind]), [['Data', 'delete-failed'], ['Role', 'retained']]);
    assert.match(view?.leftBehind[0]?.explanation ?? '', /Empty it/);
    assert.equal(view?.log.some((e) => e.status === 'CREATE_COMPLETE'), false, 'history before the delete is not shown');
  });
});
