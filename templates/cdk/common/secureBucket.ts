import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Data buckets use the stack key; the access-log bucket cannot (S3 log delivery needs SSE-S3). */
  readonly encryptionKey: kms.IKey;
  /** Bucket receiving this bucket's server access logs; omit only for the log bucket itself. */
  readonly accessLogs?: s3.IBucket;
  /** Days before noncurrent versions are removed (versioning is always on). */
  readonly noncurrentDays?: number;
}

/**
 * The bucket every kind must use (design.md §6): public access blocked, TLS-only bucket policy,
 * KMS encryption, versioning, owner-enforced objects, access logs. DESTROY on stack deletion only
 * succeeds for an empty bucket: a plain template cannot carry CDK's Lambda-backed auto-delete, so
 * the extension's delete command must empty (all versions) before DeleteStack.
 */
export function secureBucket(scope: Construct, id: string, props: SecureBucketProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    ...(props.accessLogs
      ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
      : { encryption: s3.BucketEncryption.S3_MANAGED }),
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.DESTROY,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(props.noncurrentDays ?? 30) }],
    ...(props.accessLogs ? { serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: `${id}/` } : {}),
  });
  Validations.of(bucket).acknowledge({
    id: 'HIPAA.Security-S3BucketReplicationEnabled',
    reason: 'Research and lab buckets of a single-region stack; cross-region replication would copy imaging data to a second region the user did not choose.',
  });
  if (!props.accessLogs) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });
    Validations.of(bucket).acknowledge({
      id: 'HIPAA.Security-S3BucketLoggingEnabled',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });
    Validations.of(bucket).acknowledge({
      id: 'HIPAA.Security-S3DefaultEncryptionKMS',
      reason: 'S3 server access log delivery only writes to buckets encrypted with SSE-S3; the bucket holds access logs, never imaging data.',
    });
  }
  return bucket;
}
