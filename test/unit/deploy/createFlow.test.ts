import assert from 'node:assert/strict';
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { makePlan } from '../../../src/core/deploy/deployPlan';
import { event, newestFirst, REGION, STACK_ID, STACK_NAME } from './fakes';
import { useFlowHarness } from './fakeVscodeFlow';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const LOADED = parseTemplate('Resources:\n  Server:\n    Type: AWS::EC2::Instance\n    CreationPolicy: { ResourceSignal: { Timeout: PT30M } }\n  Role: { Type: AWS::IAM::Role }\n', 'lab.yaml');

describe('Deploy command flow after the review (faked VS Code, mocked AWS)', () => {
  let createFromPlan: typeof import('../../../src/vscode/deploy/deployStackFlow').createFromPlan;
  const h = useFlowHarness(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    createFromPlan = (require('../../../src/vscode/deploy/deployStackFlow') as typeof import('../../../src/vscode/deploy/deployStackFlow')).createFromPlan;
  });

  it('creates with capabilities and tags, then the panel shows rollback with the root cause first and a notification', async () => {
    h.aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    h.aws.cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: newestFirst([
        event(STACK_NAME, 'CREATE_IN_PROGRESS', T0, { ResourceStatusReason: 'User Initiated' }),
        event('Role', 'CREATE_COMPLETE', T0 + 20_000, { ResourceType: 'AWS::IAM::Role' }),
        event('Server', 'CREATE_FAILED', T0 + 30_000, { ResourceType: 'AWS::EC2::Instance', PhysicalResourceId: 'i-0abc', ResourceStatusReason: 'Failed to receive 1 resource signal(s) within the specified duration' }),
        event(STACK_NAME, 'ROLLBACK_IN_PROGRESS', T0 + 31_000, { ResourceStatusReason: 'The following resource(s) failed to create: [Server]. Rollback requested by user.' }),
        event('Role', 'DELETE_COMPLETE', T0 + 40_000, { ResourceType: 'AWS::IAM::Role' }),
        event(STACK_NAME, 'ROLLBACK_COMPLETE', T0 + 50_000),
      ]),
    });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date(T0) }] });
    const plan = makePlan({ region: REGION, stackName: STACK_NAME, kind: 'mde', loaded: LOADED, parameters: {}, version: '0.1.0', userTags: { team: 'rad' } });
    await createFromPlan(h.services(), plan);
    const input = h.aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.deepEqual(input?.Capabilities, ['CAPABILITY_IAM']);
    assert.deepEqual(input?.Tags?.map((t) => t.Key), ['team', 'imaging-lab:kind', 'imaging-lab:version']);
    assert.equal(h.aws.s3.commandCalls(PutObjectCommand).length, 0, 'a small template is not staged');
    const panel = h.panels[0];
    assert.ok(panel);
    await panel.send({ type: 'ready' });
    while (!h.notes.some((n) => n.startsWith('showErrorMessage'))) await new Promise((r) => setTimeout(r, 5));
    const view = panel.posted.at(-1)?.view;
    assert.equal(view?.outcome, 'rolled-back');
    assert.equal(view?.rootCause?.logicalId, 'Server');
    assert.deepEqual(view?.state.rows.map((r) => [r.logicalId, r.status]), [['Server', 'CREATE_FAILED'], ['Role', 'DELETE_COMPLETE']]);
    assert.match(h.notes.join('\n'), /mde-lab rollback complete\. Server: Failed to receive 1 resource signal/);
  });
});
