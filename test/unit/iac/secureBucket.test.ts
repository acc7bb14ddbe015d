import assert from 'node:assert/strict';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { newPlainApp, plainStackProps, templateOf } from '../../../templates/cdk/common/plainApp';
import { secureBucket } from '../../../templates/cdk/common/secureBucket';

/** A probe stack: a data bucket logging into a log bucket, as the STOW-RS and lab kinds will have. */
function probe(): Stack {
  const stack = new Stack(newPlainApp(), 'BucketProbe', plainStackProps('probe'));
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const logs = secureBucket(stack, 'Logs', { encryptionKey: key });
  secureBucket(stack, 'Data', { encryptionKey: key, accessLogs: logs });
  return stack;
}

describe('secure bucket (shared by kinds that store data in S3)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let template: Template;
  before(() => {
    stack = probe();
    template = Template.fromJSON(templateOf(stack));
  });

  it('blocks every kind of public access, versions, and encrypts data with the KMS key (logs with SSE-S3)', () => {
    const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { PublicAccessBlockConfiguration: blocked, VersioningConfiguration: { Status: 'Enabled' } }, 2);
    const sse = (algorithm: string) => ({
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: algorithm }) })] },
    });
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { ...sse('aws:kms'), LoggingConfiguration: Match.anyValue() }, 1);
    template.resourcePropertiesCountIs('AWS::S3::Bucket', sse('AES256'), 1);
  });

  it('denies every request that is not over TLS', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    assert.equal(policies.length, 2);
    for (const policy of policies) {
      const statements = policy.Properties.PolicyDocument.Statement as { Effect: string; Action: string; Condition?: unknown }[];
      assert.ok(
        statements.some((s) => s.Effect === 'Deny' && s.Action === 's3:*' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}'),
        JSON.stringify(statements),
      );
    }
  });

  it('passes cdk-nag AwsSolutions and HIPAA Security', () => {
    for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
      const violations = pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId ?? r.constructPath ?? ''}`));
      assert.deepEqual(violations, [], violations.join('\n'));
    }
  });
});
