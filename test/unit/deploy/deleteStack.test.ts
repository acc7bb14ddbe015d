import assert from 'node:assert/strict';
import { CancelUpdateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { cancelDeployment, deleteStack } from '../../../src/core/deploy/deleteStack';
import { awsError, mockAws, REGION, STACK_ID, STACK_NAME, type MockedAws } from './fakes';

function stack(status: string, protectedStack = false) {
  return { Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: status as never, CreationTime: new Date(), EnableTerminationProtection: protectedStack }] };
}

describe('delete and cancel', () => {
  let aws: MockedAws;
  beforeEach(async () => (aws = await mockAws()));

  it('deletes by stack id with a request token', async () => {
    aws.cfn.on(DescribeStacksCommand).resolves(stack('CREATE_COMPLETE'));
    aws.cfn.on(DeleteStackCommand).resolves({});
    assert.deepEqual(await deleteStack(aws.clients, REGION, STACK_NAME, 'del-1'), { stackId: STACK_ID, status: 'CREATE_COMPLETE' });
    assert.deepEqual(aws.cfn.commandCalls(DeleteStackCommand)[0]?.args[0].input, { StackName: STACK_ID, ClientRequestToken: 'del-1' });
  });

  it('retains resources only when retrying a failed delete', async () => {
    aws.cfn.on(DescribeStacksCommand).resolves(stack('DELETE_FAILED'));
    aws.cfn.on(DeleteStackCommand).resolves({});
    await deleteStack(aws.clients, REGION, STACK_NAME, 'del-2', { retainResources: ['Data'] });
    assert.deepEqual(aws.cfn.commandCalls(DeleteStackCommand)[0]?.args[0].input.RetainResources, ['Data']);
  });

  it('explains termination protection and a missing stack', async () => {
    aws.cfn.on(DescribeStacksCommand).resolvesOnce(stack('CREATE_COMPLETE', true)).rejects(awsError('ValidationError', `Stack with id ${STACK_NAME} does not exist`));
    await assert.rejects(deleteStack(aws.clients, REGION, STACK_NAME, 't'), /termination protection on\. Turn it off/);
    await assert.rejects(deleteStack(aws.clients, REGION, STACK_NAME, 't'), /There is no stack 'mde-lab' in us-east-1/);
    assert.equal(aws.cfn.commandCalls(DeleteStackCommand).length, 0);
  });

  it('cancels an update, deletes a stack still being created, refuses otherwise', async () => {
    aws.cfn.on(DescribeStacksCommand).resolvesOnce(stack('UPDATE_IN_PROGRESS')).resolvesOnce(stack('CREATE_IN_PROGRESS')).resolves(stack('CREATE_COMPLETE'));
    aws.cfn.on(CancelUpdateStackCommand).resolves({});
    aws.cfn.on(DeleteStackCommand).resolves({});
    assert.equal(await cancelDeployment(aws.clients, REGION, STACK_ID, 'c1'), 'update-cancelled');
    assert.equal(await cancelDeployment(aws.clients, REGION, STACK_ID, 'c2'), 'creation-deleted');
    await assert.rejects(cancelDeployment(aws.clients, REGION, STACK_ID, 'c3'), /nothing to cancel/);
    assert.equal(aws.cfn.commandCalls(CancelUpdateStackCommand).length, 1);
    assert.equal(aws.cfn.commandCalls(DeleteStackCommand).length, 1);
  });
});
