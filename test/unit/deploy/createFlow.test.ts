import assert from 'node:assert/strict';
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstanceTypeOfferingsCommand } from '@aws-sdk/client-ec2';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { prepareDeploy } from '../../../src/core/deploy/prepareDeploy';
import { event, newestFirst, REGION, STACK_ID, STACK_NAME } from './fakes';
import { EXTENSION_VERSION, useFlowHarness } from './fakeVscodeFlow';
import { ScriptedPrompter } from '../wizards/scriptedPrompter';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const LOADED = parseTemplate('Resources:\n  Server:\n    Type: AWS::EC2::Instance\n    CreationPolicy: { ResourceSignal: { Timeout: PT30M } }\n  Role: { Type: AWS::IAM::Role }\n', 'lab.yaml');

describe('Deploy command flow after the review (faked VS Code, mocked AWS)', () => {
  let createReviewedStack: typeof import('../../../src/vscode/deploy/deployStackFlow').createReviewedStack;
  let wizard: typeof import('../../../src/vscode/wizards/deploy/deployWizard');
  let environment: typeof import('../../../src/vscode/wizards/deploy/wizardEnvironment');
  const h = useFlowHarness(() => {
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the stub is completed */
    createReviewedStack = (require('../../../src/vscode/deploy/deployStackFlow') as typeof import('../../../src/vscode/deploy/deployStackFlow')).createReviewedStack;
    wizard = require('../../../src/vscode/wizards/deploy/deployWizard') as typeof wizard;
    environment = require('../../../src/vscode/wizards/deploy/wizardEnvironment') as typeof environment;
    /* eslint-enable @typescript-eslint/no-require-imports */
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
    const deploy = environment.deployEnvironment(h.services());
    const prepared = await prepareDeploy({ operation: 'create', region: REGION, stackName: STACK_NAME, kind: 'mde', loaded: LOADED, values: {}, version: '0.1.0', userTags: { team: 'rad' } }, deploy);
    assert.deepEqual(prepared.blockers, []);
    await createReviewedStack(h.services(), deploy, prepared);
    const input = h.aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.deepEqual(input?.Capabilities, ['CAPABILITY_IAM']);
    assert.deepEqual(input?.Tags?.map((t) => t.Key), ['team', 'imaging-lab:kind', 'imaging-lab:version']);
    assert.equal(h.aws.s3.commandCalls(PutObjectCommand).length, 0, 'a small template is not staged');
    const panel = h.panels[0];
    assert.ok(panel);
    await panel.send({ type: 'ready' });
    while (!h.notes.some((n) => n.startsWith('showErrorMessage'))) await new Promise((r) => setTimeout(r, 5));
    const view = panel.view();
    assert.equal(view?.header.outcome, 'rolled-back');
    assert.equal(view?.rootCause?.logicalId, 'Server');
    assert.deepEqual(view?.resources.map((r) => [r.logicalId, r.status]), [['Server', 'CREATE_FAILED'], ['Role', 'DELETE_COMPLETE']]);
    assert.match(h.notes.join('\n'), /mde-lab rollback complete\. Server: Failed to receive 1 resource signal/);
  });

  it('MDE: before the review the wizard asks EC2 which zones offer the GPU type, and that zone goes to CreateStack', async () => {
    // us-east-1a offers no g4dn (as one us-east-1 zone does not): the first zone that does is filled in.
    h.aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({
      InstanceTypeOfferings: ['us-east-1f', 'us-east-1b'].map((Location) => ({ InstanceType: 'g4dn.xlarge', LocationType: 'availability-zone', Location })),
    });
    h.aws.cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error(`Stack with id ${STACK_NAME} does not exist`), { name: 'ValidationError', $metadata: {} }));
    const deploy = { ...environment.deployEnvironment(h.services()), publicIp: async () => '127.0.0.23' };
    const env = environment.wizardEnvironment(h.services(), deploy);
    const prompter = new ScriptedPrompter(['MONAI Deploy Express', REGION, STACK_NAME], (text) => (/password/i.test(text) ? 'Sup3r-Secret!x' : ''));
    const prepared = await wizard.runDeployWizard(env, prompter, { version: EXTENSION_VERSION, userTags: {} });
    assert.ok(prepared, 'the review was confirmed');
    const review = prompter.asked.at(-1)?.labels ?? [];
    assert.match(review[0] ?? '', /Create stack mde-lab/);
    assert.ok(review.includes('$(pass) Availability Zone: us-east-1b, the first zone of us-east-1 that offers g4dn.xlarge'), review.join('\n'));
    assert.ok(review.includes('$(info) Availability Zone: us-east-1b'), review.join('\n'));
    assert.equal(h.aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand).length, 1, 'the zone step and the review share one EC2 call');
    h.aws.cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    h.aws.cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: newestFirst([event(STACK_NAME, 'CREATE_IN_PROGRESS', T0), event(STACK_NAME, 'CREATE_COMPLETE', T0 + 60_000)]) });
    h.aws.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(T0) }] });
    await createReviewedStack(h.services(), deploy, prepared);
    const input = h.aws.cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.equal(input?.Parameters?.find((p) => p.ParameterKey === 'AvailabilityZone')?.ParameterValue, 'us-east-1b');
    assert.equal(input?.Parameters?.find((p) => p.ParameterKey === 'InstanceType')?.ParameterValue, 'g4dn.xlarge');
  });
});
