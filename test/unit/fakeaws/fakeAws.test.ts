import assert from 'node:assert/strict';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateSummaryCommand,
  paginateDescribeStacks,
  paginateListStackResources,
} from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { CREATING_STACK, DENIED_REGION, SCRIPTED_ACCOUNT_ID, scriptedAccount } from '../../fakeaws/scriptedAccount';

const credentials = { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' };

describe('fake AWS endpoint (real SDK clients)', () => {
  let fake: FakeAws;
  let now = Date.parse('2026-11-23T10:00:00Z');
  const clients: { destroy(): void }[] = [];
  const cfn = (region = 'us-east-1') => track(new CloudFormationClient({ region, endpoint: fake.url, credentials, maxAttempts: 1 }));
  function track<T extends { destroy(): void }>(c: T): T {
    clients.push(c);
    return c;
  }

  beforeEach(async () => {
    now = Date.parse('2026-11-23T10:00:00Z');
    fake = await startFakeAws(scriptedAccount({ creatingDurationMs: 20000 }), { clock: () => now });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await fake.close();
  });

  it('answers STS GetCallerIdentity with the scripted account', async () => {
    const out = await track(new STSClient({ region: 'us-east-1', endpoint: fake.url, credentials })).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, SCRIPTED_ACCOUNT_ID);
    assert.equal(out.Arn, `arn:aws:iam::${SCRIPTED_ACCOUNT_ID}:user/researcher`);
  });

  it('pages DescribeStacks with NextToken and keeps regions apart', async () => {
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateDescribeStacks({ client: cfn() }, {})) {
      pages.push(page.Stacks?.length ?? 0);
      names.push(...(page.Stacks ?? []).map((s) => s.StackName ?? ''));
    }
    assert.deepEqual(pages, [2, 2, 1]);
    assert.deepEqual(names.sort(), ['mde-teaching', 'network-baseline', 'orthanc-research', 'stowrs-to-s3', 'student-lab']);
    const eu = await cfn('eu-west-1').send(new DescribeStacksCommand({}));
    assert.deepEqual(eu.Stacks?.map((s) => s.StackName), ['tator-annotation', 'mde-research']);
    assert.ok(eu.NextToken, 'eu-west-1 has a second page');
  });

  it('returns tags, parameters, outputs and dates in the SDK shapes', async () => {
    const out = await cfn().send(new DescribeStacksCommand({ StackName: 'orthanc-research' }));
    const stack = out.Stacks?.[0];
    assert.equal(stack?.StackStatus, 'CREATE_COMPLETE');
    assert.ok(stack?.CreationTime instanceof Date);
    assert.equal(stack?.Tags?.find((t) => t.Key === 'imaging-lab:kind')?.Value, 'orthanc');
    assert.equal(stack?.Outputs?.find((o) => o.OutputKey === 'DicomWebUrl')?.OutputValue, 'https://127.0.0.20/dicom-web/studies');
    assert.equal(stack?.Parameters?.find((p) => p.ParameterKey === 'InstanceType')?.ParameterValue, 't3.medium');
    const lab = await cfn().send(new DescribeStacksCommand({ StackName: 'student-lab' }));
    assert.equal(lab.Stacks?.[0]?.StackStatus, 'ROLLBACK_COMPLETE');
    assert.match(lab.Stacks?.[0]?.StackStatusReason ?? '', /failed to create/);
  });

  it('moves the creating stack from CREATE_IN_PROGRESS to CREATE_COMPLETE, events appearing over time', async () => {
    const describe = async () => (await cfn().send(new DescribeStacksCommand({ StackName: CREATING_STACK }))).Stacks?.[0];
    const events = async () => (await cfn().send(new DescribeStackEventsCommand({ StackName: CREATING_STACK }))).StackEvents ?? [];
    assert.equal((await describe())?.StackStatus, 'CREATE_IN_PROGRESS');
    assert.equal((await describe())?.Outputs, undefined);
    const early = (await events()).length;
    now += 10000;
    const middle = await events();
    assert.ok(middle.length > early, `${middle.length} events after 10 s, ${early} at start`);
    assert.equal(middle[0]?.Timestamp instanceof Date, true);
    now += 10000;
    const done = await describe();
    assert.equal(done?.StackStatus, 'CREATE_COMPLETE');
    assert.equal(done?.Outputs?.find((o) => o.OutputKey === 'WebUrl')?.OutputValue, 'https://127.0.0.30/');
    const last = (await events())[0];
    assert.deepEqual([last?.LogicalResourceId, last?.ResourceStatus], [CREATING_STACK, 'CREATE_COMPLETE']);
  });

  it('lists stack resources with pagination and describes the stack instances through EC2', async () => {
    const stackId = (await cfn().send(new DescribeStacksCommand({ StackName: 'orthanc-research' }))).Stacks?.[0]?.StackId;
    const summaries = [];
    for await (const page of paginateListStackResources({ client: cfn() }, { StackName: stackId })) summaries.push(...(page.StackResourceSummaries ?? []));
    assert.deepEqual(summaries.map((s) => s.LogicalResourceId), ['SecurityGroup', 'KeyPair', 'Server']);
    const resources = await cfn().send(new DescribeStackResourcesCommand({ StackName: 'orthanc-research' }));
    assert.equal(resources.StackResources?.length, 3);
    const ec2 = track(new EC2Client({ region: 'us-east-1', endpoint: fake.url, credentials }));
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0a1b2c3d4e5f60001'] }));
    const instance = out.Reservations?.[0]?.Instances?.[0];
    assert.equal(instance?.State?.Name, 'running');
    assert.equal(instance?.PublicIpAddress, '127.0.0.20');
    assert.equal(instance?.Tags?.find((t) => t.Key === 'imaging-lab:ssh-user')?.Value, 'ubuntu');
    const byTag = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:cloudformation:stack-name', Values: ['orthanc-research'] }] }));
    assert.equal(byTag.Reservations?.length, 1);
    await assert.rejects(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0000000000000dead'] })), { name: 'InvalidInstanceID.NotFound' });
  });

  it('answers SSM GetParameter (JSON protocol), with ParameterNotFound for unknown names', async () => {
    const ssm = track(new SSMClient({ region: 'us-east-1', endpoint: fake.url, credentials }));
    const out = await ssm.send(new GetParameterCommand({ Name: '/ec2/keypair/key-0a1b2c3d4e5f60001', WithDecryption: true }));
    assert.match(out.Parameter?.Value ?? '', /BEGIN OPENSSH PRIVATE KEY/);
    assert.ok(out.Parameter?.LastModifiedDate instanceof Date);
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/missing' })), (e: unknown) => e instanceof ParameterNotFound);
  });

  it('denies every call in the denied region with AccessDenied (403)', async () => {
    await assert.rejects(cfn(DENIED_REGION).send(new DescribeStacksCommand({})), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.$metadata?.httpStatusCode, 403);
      assert.match(e.message, /not authorized/);
      return true;
    });
  });

  it('creates a stack from a template body, summarises it, and deletes it', async () => {
    const template = JSON.stringify({
      Description: 'demo',
      Parameters: { Size: { Type: 'String', Default: 'small', AllowedValues: ['small', 'large'], Description: 'How big' } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Role: { Type: 'AWS::IAM::Role' } },
      Outputs: { WebUrl: { Value: 'https://demo.localhost/' } },
    });
    const summary = await cfn().send(new GetTemplateSummaryCommand({ TemplateBody: template }));
    assert.deepEqual(summary.Parameters?.[0]?.ParameterConstraints?.AllowedValues, ['small', 'large']);
    assert.deepEqual(summary.Capabilities, ['CAPABILITY_IAM']);
    const created = await cfn().send(new CreateStackCommand({ StackName: 'demo', TemplateBody: template, Tags: [{ Key: 'imaging-lab:kind', Value: 'lab' }], Parameters: [{ ParameterKey: 'Size', ParameterValue: 'large' }] }));
    assert.match(created.StackId ?? '', /^arn:aws:cloudformation:us-east-1:111122223333:stack\/demo\//);
    await assert.rejects(cfn().send(new CreateStackCommand({ StackName: 'demo', TemplateBody: template })), { name: 'AlreadyExistsException' });
    now += 5000;
    const stack = (await cfn().send(new DescribeStacksCommand({ StackName: 'demo' }))).Stacks?.[0];
    assert.equal(stack?.StackStatus, 'CREATE_COMPLETE');
    assert.equal(stack?.Tags?.[0]?.Value, 'lab');
    await cfn().send(new DeleteStackCommand({ StackName: 'demo' }));
    now += 5000;
    await assert.rejects(cfn().send(new DescribeStacksCommand({ StackName: 'demo' })), { name: 'ValidationError', message: 'Stack with id demo does not exist' });
    const byId = await cfn().send(new DescribeStacksCommand({ StackName: created.StackId }));
    assert.equal(byId.Stacks?.[0]?.StackStatus, 'DELETE_COMPLETE');
  });

  it('rejects a template body over 51,200 bytes like CloudFormation', async () => {
    const big = JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } }, Description: 'x'.repeat(52000) });
    await assert.rejects(cfn().send(new CreateStackCommand({ StackName: 'big', TemplateBody: big })), { name: 'ValidationError' });
  });
});

describe('fake AWS control endpoint', () => {
  it('replays a stack creation from now so a test can watch it', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const fake = await startFakeAws(scriptedAccount({ creatingDurationMs: 1000 }), { clock: () => now });
    try {
      now += 5000;
      const stack = fake.state.findStack('us-east-1', CREATING_STACK);
      assert.ok(stack);
      assert.equal(fake.state.status(stack), 'CREATE_COMPLETE');
      const response = await fetch(`${fake.url}/__fakeaws/replay?region=us-east-1&stack=${CREATING_STACK}&durationMs=8000`, { method: 'POST' });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { status: string }).status, 'CREATE_IN_PROGRESS');
      now += 8000;
      assert.equal(fake.state.status(stack), 'CREATE_COMPLETE');
      assert.equal((await fetch(`${fake.url}/__fakeaws/replay?stack=nope`, { method: 'POST' })).status, 404);
    } finally {
      await fake.close();
    }
  });
});
