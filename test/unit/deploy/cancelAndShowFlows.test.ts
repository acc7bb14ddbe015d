import assert from 'node:assert/strict';
import { CancelUpdateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { event, newestFirst, REGION, STACK_ID, STACK_NAME } from './fakes';
import { useFlowHarness } from './fakeVscodeFlow';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const stack = (status: 'UPDATE_IN_PROGRESS' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'UPDATE_COMPLETE') => ({
  StackName: STACK_NAME,
  StackId: STACK_ID,
  StackStatus: status,
  CreationTime: new Date(T0),
  Tags: [{ Key: 'imaging-lab:kind', Value: 'mde' }],
});

describe('Cancel Deployment and Show Progress command flows (faked VS Code, mocked AWS)', () => {
  let flows: {
    cancel: typeof import('../../../src/vscode/deploy/cancelDeploymentFlow').cancelDeploymentFlow;
    show: typeof import('../../../src/vscode/deploy/showProgressFlow').showProgressFlow;
  };
  const h = useFlowHarness(() => {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the stub is completed */
    flows = {
      cancel: (require('../../../src/vscode/deploy/cancelDeploymentFlow') as typeof import('../../../src/vscode/deploy/cancelDeploymentFlow')).cancelDeploymentFlow,
      show: (require('../../../src/vscode/deploy/showProgressFlow') as typeof import('../../../src/vscode/deploy/showProgressFlow')).showProgressFlow,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  let asked: { message: string; modal: boolean; actions: string[] }[];
  let answer: string | undefined;
  beforeEach(() => {
    asked = [];
    h.win.showWarningMessage = async (message: string, options: { modal?: boolean }, ...actions: string[]) => {
      asked.push({ message, modal: options?.modal === true, actions });
      return answer;
    };
    h.win.setStatusBarMessage = () => ({ dispose: () => undefined });
  });

  it('cancels an update only after the modal confirmation, with a cancel- request token', async () => {
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_IN_PROGRESS')] });
    h.aws.cfn.on(CancelUpdateStackCommand).resolves({});
    answer = undefined; // the dialog dismissed
    await flows.cancel(h.services(), { stack: toStackInfo(stack('UPDATE_IN_PROGRESS'), REGION) });
    assert.equal(h.aws.cfn.commandCalls(CancelUpdateStackCommand).length, 0, 'nothing cancelled without confirmation');
    assert.deepEqual(asked[0], { message: `Cancel the update of ${STACK_NAME}? CloudFormation rolls it back to the previous configuration.`, modal: true, actions: ['Cancel Update'] });

    answer = 'Cancel Update';
    await flows.cancel(h.services(), { stack: toStackInfo(stack('UPDATE_IN_PROGRESS'), REGION) });
    const input = h.aws.cfn.commandCalls(CancelUpdateStackCommand)[0]?.args[0].input;
    assert.equal(input?.StackName, STACK_ID);
    assert.match(input?.ClientRequestToken ?? '', /^cancel-/);
    assert.equal(h.aws.cfn.commandCalls(DeleteStackCommand).length, 0);
  });

  it('stops a creation from its progress panel by deleting the stack, after saying so', async () => {
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('CREATE_IN_PROGRESS')] });
    h.aws.cfn.on(DeleteStackCommand).resolves({});
    answer = 'Delete Stack';
    await flows.cancel(h.services(), { region: REGION, stackId: STACK_ID, stackName: STACK_NAME, operation: 'create' });
    assert.match(asked[0]?.message ?? '', /everything created so far will be deleted/);
    assert.equal(h.aws.cfn.commandCalls(DeleteStackCommand)[0]?.args[0].input.StackName, STACK_ID);
  });

  it('from the palette, asks which deployment even when only one runs, and cancels nothing when dismissed', async () => {
    const listed = [toStackInfo(stack('CREATE_IN_PROGRESS'), REGION), toStackInfo({ ...stack('CREATE_COMPLETE'), StackName: 'done', StackId: `${STACK_ID}-2` }, REGION)];
    const services = { ...h.services(), stacksTree: { whenLoaded: async () => ({ stacks: listed, failures: [] }), refresh: async () => undefined } } as unknown as ReturnType<typeof h.services>;
    const offered: string[][] = [];
    h.win.showQuickPick = async (items: { label: string }[]) => void offered.push(items.map((i) => i.label));
    await assert.rejects(flows.cancel(services), { name: 'UserCancelledError' });
    assert.deepEqual(offered, [[STACK_NAME]], 'only the stack being created is offered');
    assert.equal(asked.length, 0);
    assert.equal(h.aws.cfn.commandCalls(DeleteStackCommand).length, 0);
    const idle = { ...services, stacksTree: { whenLoaded: async () => ({ stacks: listed.slice(1), failures: [] }), refresh: async () => undefined } } as unknown as ReturnType<typeof h.services>;
    await assert.rejects(flows.cancel(idle), /No deployment is running/);
  });

  it('explains, and changes nothing, when the stack finished before the confirmation', async () => {
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('UPDATE_COMPLETE')] });
    answer = 'Cancel Update';
    await assert.rejects(flows.cancel(h.services(), { stack: toStackInfo(stack('UPDATE_IN_PROGRESS'), REGION) }), /is UPDATE_COMPLETE, so there is nothing to cancel/);
    assert.equal(h.aws.cfn.commandCalls(CancelUpdateStackCommand).length + h.aws.cfn.commandCalls(DeleteStackCommand).length, 0);
  });

  it('reopens the progress of a finished stack from the tree, read back from its events', async () => {
    const events = [
      event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
      event('Data', 'CREATE_COMPLETE', T0 + 3000),
      event(STACK_NAME, 'CREATE_COMPLETE', T0 + 5000),
    ];
    h.aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst(events) });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [stack('CREATE_COMPLETE')] });
    h.aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    await flows.show(h.services(), { stack: toStackInfo(stack('CREATE_COMPLETE'), REGION) });
    const panel = h.panels[0];
    assert.ok(panel, 'a progress panel opened');
    assert.equal(panel.title, `Deploy: ${STACK_NAME}`);
    await panel.send({ type: 'ready' });
    for (let i = 0; i < 400 && panel.view()?.header.outcome !== 'succeeded'; i++) await new Promise((r) => setTimeout(r, 5));
    const view = panel.view();
    assert.equal(view?.header.outcome, 'succeeded');
    assert.deepEqual(view?.log.map((e) => [e.logicalId, e.status]), [
      [STACK_NAME, 'CREATE_IN_PROGRESS'],
      ['Data', 'CREATE_COMPLETE'],
      [STACK_NAME, 'CREATE_COMPLETE'],
    ]);
  });
});
