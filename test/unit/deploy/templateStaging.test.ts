import assert from 'node:assert/strict';
import {
  CreateBucketCommand, HeadBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutBucketPolicyCommand,
  PutObjectCommand, PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { StagingDeclinedError, TEMPLATE_BODY_LIMIT, templateSource } from '../../../src/core/deploy/templateStaging';
import { awsError, mockAws, type MockedAws } from './fakes';

const BIG = `{"Resources":{"B":{"Type":"AWS::S3::Bucket"}},"Description":"${'x'.repeat(TEMPLATE_BODY_LIMIT)}"}`;
const BUCKET = 'imaging-lab-templates-123456789012-eu-west-1';

describe('template staging', () => {
  let aws: MockedAws;
  let s3: MockedAws['s3'];
  beforeEach(async () => {
    aws = await mockAws('eu-west-1');
    s3 = aws.s3;
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/dev', UserId: 'AIDA' });
  });

  it('passes a template of at most 51,200 bytes inline, touching nothing', async () => {
    const body = 'x'.repeat(TEMPLATE_BODY_LIMIT);
    assert.deepEqual(await templateSource(aws.clients, 'eu-west-1', body, async () => assert.fail('no consent needed')), { body });
    assert.equal(s3.calls().length + aws.sts.calls().length, 0);
  });

  it('counts bytes, not characters', async () => {
    const body = 'é'.repeat(TEMPLATE_BODY_LIMIT / 2 + 1);
    s3.on(HeadBucketCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
    const source = await templateSource(aws.clients, 'eu-west-1', body, async () => true);
    assert.ok('url' in source);
  });

  it('asks before creating the bucket and creates nothing when declined', async () => {
    s3.on(HeadBucketCommand).rejects(awsError('NotFound', 'Not Found', 404));
    let asked = '';
    await assert.rejects(
      templateSource(aws.clients, 'eu-west-1', BIG, async (bucket) => ((asked = bucket), false)),
      (e: unknown) => e instanceof StagingDeclinedError && /Nothing was created/.test(e.message),
    );
    assert.equal(asked, BUCKET);
    assert.equal(s3.commandCalls(CreateBucketCommand).length, 0);
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });

  it('creates an encrypted, private, TLS-only bucket with expiring templates, then stages', async () => {
    s3.onAnyCommand().resolves({});
    s3.on(HeadBucketCommand).rejects(awsError('NotFound', 'Not Found', 404));
    const source = await templateSource(aws.clients, 'eu-west-1', BIG, async () => true);
    assert.ok('url' in source && source.url.startsWith(`https://${BUCKET}.s3.eu-west-1.amazonaws.com/templates/`));
    assert.deepEqual(s3.commandCalls(CreateBucketCommand)[0]?.args[0].input.CreateBucketConfiguration, { LocationConstraint: 'eu-west-1' });
    assert.deepEqual(s3.commandCalls(PutPublicAccessBlockCommand)[0]?.args[0].input.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true,
    });
    assert.equal(s3.commandCalls(PutBucketEncryptionCommand)[0]?.args[0].input.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
    const policy = JSON.parse(s3.commandCalls(PutBucketPolicyCommand)[0]?.args[0].input.Policy ?? '{}');
    assert.deepEqual(policy.Statement[0].Condition, { Bool: { 'aws:SecureTransport': 'false' } });
    assert.equal(policy.Statement[0].Effect, 'Deny');
    const rule = s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0]?.args[0].input.LifecycleConfiguration?.Rules?.[0];
    assert.equal(rule?.Expiration?.Days, 7);
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    assert.equal(put?.ExpectedBucketOwner, '123456789012');
    assert.equal(put?.Body, BIG);
  });

  it('refuses a bucket name owned by someone else', async () => {
    s3.on(HeadBucketCommand).rejects(awsError('Forbidden', 'Forbidden', 403));
    await assert.rejects(templateSource(aws.clients, 'eu-west-1', BIG, async () => true), /belongs to another account/);
    assert.equal(s3.commandCalls(PutObjectCommand).length, 0);
  });
});
