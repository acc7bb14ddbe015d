import assert from 'node:assert/strict';
import { CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { createStack, deploymentTags, newRequestToken, type CreateStackRequest } from '../../../src/core/deploy/createStack';
import { CapabilitiesRequiredError, StackNameTakenError } from '../../../src/core/deploy/deployErrors';
import { AwsClients } from '../../../src/core/aws/clients';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';
import { startFakeAws } from '../../fakeaws/server';
import { awsError, event, REGION, STACK_ID, STACK_NAME, mockAws, type MockedAws } from './fakes';

function request(token: string): CreateStackRequest {
  return {
    region: REGION,
    stackName: STACK_NAME,
    template: { body: '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}' },
    parameters: { InstanceType: 'g4dn.xlarge' },
    capabilities: ['CAPABILITY_IAM'],
    tags: deploymentTags('mde', '0.1.0', { team: 'radiology', 'imaging-lab:kind': 'spoofed', 'aws:x': 'reserved' }),
    terminationProtection: true,
    onFailure: 'DO_NOTHING',
    clientRequestToken: token,
  };
}

describe('createStack', () => {
  let aws: MockedAws;
  let cfn: MockedAws['cfn'];
  beforeEach(async () => {
    aws = await mockAws();
    cfn = aws.cfn;
  });

  it('sends capabilities, contract tags over user tags, protection, rollback choice and the token', async () => {
    cfn.on(CreateStackCommand).resolves({ StackId: STACK_ID });
    const token = newRequestToken();
    assert.match(token, /^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$/);
    const result = await createStack(aws.clients, request(token));
    assert.deepEqual(result, { stackId: STACK_ID, alreadyCreatedByThisRequest: false });
    const input = cfn.commandCalls(CreateStackCommand)[0]?.args[0].input;
    assert.equal(input?.ClientRequestToken, token);
    assert.deepEqual(input?.Capabilities, ['CAPABILITY_IAM']);
    assert.deepEqual(input?.Tags, [
      { Key: 'team', Value: 'radiology' },
      { Key: 'imaging-lab:kind', Value: 'mde' },
      { Key: 'imaging-lab:version', Value: '0.1.0' },
    ]);
    assert.equal(input?.EnableTerminationProtection, true);
    assert.equal(input?.OnFailure, 'DO_NOTHING');
    assert.deepEqual(input?.Parameters, [{ ParameterKey: 'InstanceType', ParameterValue: 'g4dn.xlarge' }]);
  });

  it('retries nothing on top of the SDK client (which retries with the same token itself)', async () => {
    cfn.on(CreateStackCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await assert.rejects(createStack(aws.clients, request('imaging-lab-once')), /Rate exceeded/);
    assert.equal(cfn.commandCalls(CreateStackCommand).length, 1);
  });

  it('recognises its own stack on AlreadyExists (an attempt the SDK retried had succeeded)', async () => {
    const token = 'imaging-lab-retry-1';
    cfn.on(CreateStackCommand).rejects(awsError('AlreadyExistsException', `Stack [${STACK_NAME}] already exists`));
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_IN_PROGRESS', CreationTime: new Date() }] });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_IN_PROGRESS', 1, { ClientRequestToken: token, ResourceStatusReason: 'User Initiated' })] });
    const result = await createStack(aws.clients, request(token));
    assert.deepEqual(result, { stackId: STACK_ID, alreadyCreatedByThisRequest: true });
  });

  it("the SDK's adaptive retry resends a throttled CreateStack with the same token (real client, fake endpoint)", async () => {
    const fake = await startFakeAws({ ...scriptedAccount(), faults: [{ action: 'CreateStack', code: 'Throttling', httpStatus: 400, times: 1 }] });
    const clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 3);
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    try {
      const result = await createStack(clients, { ...request('imaging-lab-sdk-retry'), template: { body: '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}' } });
      assert.match(result.stackId, /^arn:aws:cloudformation:us-east-1:111122223333:stack\/mde-lab\//);
      const creates = fake.requests.filter((r) => r.action === 'CreateStack');
      assert.equal(creates.length, 2, 'one throttled attempt, one retried by the SDK, none by Imaging Lab');
      assert.deepEqual(creates.map((r) => r.params?.ClientRequestToken), ['imaging-lab-sdk-retry', 'imaging-lab-sdk-retry']);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
      await clients.dispose();
      await fake.close();
    }
  });

  it('says the name is taken when another request made the stack', async () => {
    cfn.on(CreateStackCommand).rejects(awsError('AlreadyExistsException', `Stack [${STACK_NAME}] already exists`));
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] });
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [event(STACK_NAME, 'CREATE_COMPLETE', 1, { ClientRequestToken: 'someone-else' })] });
    await assert.rejects(createStack(aws.clients, request('mine')), (e: unknown) => {
      assert.ok(e instanceof StackNameTakenError);
      assert.match(e.message, /already exists in us-east-1 \(CREATE_COMPLETE\)\. Choose another name/);
      return true;
    });
  });

  it('explains InsufficientCapabilities with the capabilities CloudFormation asked for', async () => {
    cfn.on(CreateStackCommand).rejects(awsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_NAMED_IAM]'));
    await assert.rejects(createStack(aws.clients, request('t')), (e: unknown) => {
      assert.ok(e instanceof CapabilitiesRequiredError);
      assert.deepEqual(e.required, ['CAPABILITY_NAMED_IAM']);
      assert.match(e.message, /deploy again accepting this capability/);
      return true;
    });
    assert.equal(cfn.commandCalls(CreateStackCommand).length, 1);
  });

  it('does not retry a validation error', async () => {
    cfn.on(CreateStackCommand).rejects(awsError('ValidationError', 'Parameters: [KeyName] must have values'));
    await assert.rejects(createStack(aws.clients, request('t')), /KeyName\] must have values/);
    assert.equal(cfn.commandCalls(CreateStackCommand).length, 1);
  });
});
