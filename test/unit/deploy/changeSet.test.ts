import assert from 'node:assert/strict';
import { CreateChangeSetCommand, DescribeChangeSetCommand, ExecuteChangeSetCommand } from '@aws-sdk/client-cloudformation';
import { executeUpdate, planUpdate, type UpdateRequest } from '../../../src/core/deploy/changeSet';
import { FakeClock, REGION, STACK_ID, STACK_NAME, mockAws, type MockedAws } from './fakes';

const CS_ID = `arn:aws:cloudformation:us-east-1:123456789012:changeSet/imaging-lab-1/0a1b2c3d`;
const REQUEST: UpdateRequest = {
  region: REGION,
  stackName: STACK_NAME,
  parameters: { InstanceType: 'g4dn.2xlarge', AdminPassword: '' },
  keepPrevious: ['AdminPassword'],
  capabilities: ['CAPABILITY_IAM'],
  clientToken: 'imaging-lab-cs-1',
};

function change(logicalId: string, replacement: 'True' | 'False' | 'Conditional', type = 'AWS::EC2::Instance') {
  return {
    Type: 'Resource' as const,
    ResourceChange: {
      Action: 'Modify' as const,
      LogicalResourceId: logicalId,
      PhysicalResourceId: `phys-${logicalId}`,
      ResourceType: type,
      Replacement: replacement,
      Scope: ['Properties' as const],
      Details: [{ Target: { Attribute: 'Properties' as const, Name: 'InstanceType', RequiresRecreation: 'Always' as const }, Evaluation: 'Static' as const, ChangeSource: 'DirectModification' as const }],
    },
  };
}

describe('update via change set', () => {
  let aws: MockedAws;
  let cfn: MockedAws['cfn'];
  beforeEach(async () => {
    aws = await mockAws();
    cfn = aws.cfn;
  });

  it('keeps the previous template and secret values, waits, reads every page, replacements first', async () => {
    cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID });
    cfn
      .on(DescribeChangeSetCommand, { ChangeSetName: CS_ID, StackName: STACK_NAME, NextToken: undefined })
      .resolvesOnce({ Status: 'CREATE_IN_PROGRESS', StackId: STACK_ID })
      .resolves({ Status: 'CREATE_COMPLETE', StackId: STACK_ID, Changes: [change('Sg', 'False', 'AWS::EC2::SecurityGroup')], NextToken: 'p2' })
      .on(DescribeChangeSetCommand, { NextToken: 'p2' })
      .resolves({ Status: 'CREATE_COMPLETE', StackId: STACK_ID, Changes: [change('Server', 'True'), change('Volume', 'Conditional', 'AWS::EC2::Volume')] });
    const plan = await planUpdate(aws.clients, REQUEST, undefined, { clock: new FakeClock() });
    const input = cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    assert.equal(input?.UsePreviousTemplate, true);
    assert.equal(input?.ChangeSetType, 'UPDATE');
    assert.deepEqual(input?.Parameters, [
      { ParameterKey: 'InstanceType', ParameterValue: 'g4dn.2xlarge' },
      { ParameterKey: 'AdminPassword', UsePreviousValue: true },
    ]);
    assert.equal(plan.hasChanges, true);
    assert.deepEqual(plan.changes.map((c) => [c.logicalId, c.replacement]), [['Server', 'True'], ['Volume', 'Conditional'], ['Sg', 'False']]);
    assert.deepEqual(plan.changes[0]?.details, ['InstanceType']);
    assert.equal(cfn.commandCalls(DescribeChangeSetCommand).length, 4, "the SDK's waiter polled twice, then its paginator read both pages");

    cfn.on(ExecuteChangeSetCommand).resolves({});
    await executeUpdate(aws.clients, REGION, STACK_NAME, plan, 'exec-token');
    assert.deepEqual(cfn.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input, { ChangeSetName: CS_ID, StackName: STACK_NAME, ClientRequestToken: 'exec-token' });
  });

  it('reports "no changes" as a plan without changes, and other failures as errors', async () => {
    cfn.on(CreateChangeSetCommand).resolves({ Id: CS_ID, StackId: STACK_ID });
    cfn.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set.",
      StackId: STACK_ID,
    });
    const plan = await planUpdate(aws.clients, REQUEST, undefined, { clock: new FakeClock() });
    assert.equal(plan.hasChanges, false);
    cfn.on(DescribeChangeSetCommand).resolves({ Status: 'FAILED', StatusReason: 'Template format error: Unresolved resource dependencies [Vpc]' });
    await assert.rejects(planUpdate(aws.clients, REQUEST, undefined, { clock: new FakeClock() }), /could not prepare the update of 'mde-lab': Template format error/);
  });
});
