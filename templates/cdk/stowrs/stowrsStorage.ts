import { Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { secureBucket } from '../common/secureBucket';

const ROTATION_REASON =
  "Holds the endpoint's TLS key and certificate, made by the instance on first boot; rotating it would change the certificate fingerprint clients pin. Redeploy to renew.";

/** The stack key, the DICOM and access-log buckets, the service log group and the endpoint certificate's homes. */
export class StowrsStorage extends Construct {
  readonly key: kms.Key;
  readonly dicomBucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly serviceLogs: logs.LogGroup;
  /** The endpoint's TLS key and certificate (JSON), kept across instance replacements. */
  readonly serverSecret: secretsmanager.Secret;
  /** Published by the instance: the certificate's SHA-256 fingerprint and its PEM, for pinning. */
  readonly fingerprintParameter: ssm.StringParameter;
  readonly certificateParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Imaging Lab STOW-RS to S3: DICOM bucket, logs, endpoint key, alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );
    // CloudWatch alarms publish to the encrypted alarm topic.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.logBucket = secureBucket(this, 'AccessLogBucket', { encryptionKey: this.key });
    this.dicomBucket = secureBucket(this, 'DicomBucket', { encryptionKey: this.key, accessLogs: this.logBucket });
    this.serviceLogs = new logs.LogGroup(this, 'ServiceLogs', { encryptionKey: this.key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
    this.serverSecret = new secretsmanager.Secret(this, 'EndpointKey', {
      description: 'STOW-RS endpoint TLS key and certificate (JSON), written by the instance on first boot',
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.DESTROY,
      // A placeholder until the instance stores the generated key here.
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    Validations.of(this.serverSecret).acknowledge(
      { id: 'AwsSolutions-SMG4', reason: ROTATION_REASON },
      { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: ROTATION_REASON },
    );
    const pending = 'pending: the instance publishes this at its first boot';
    this.fingerprintParameter = new ssm.StringParameter(this, 'EndpointFingerprint', {
      parameterName: `/imaging-lab/${Aws.STACK_NAME}/stowrs/endpoint-sha256`,
      simpleName: false,
      description: 'SHA-256 fingerprint of the STOW-RS endpoint certificate (colon-separated hex), for pinning',
      stringValue: pending,
    });
    this.certificateParameter = new ssm.StringParameter(this, 'EndpointCertificate', {
      parameterName: `/imaging-lab/${Aws.STACK_NAME}/stowrs/endpoint-certificate`,
      simpleName: false,
      description: 'PEM certificate of the STOW-RS endpoint (self-signed; trust it or pin its fingerprint)',
      stringValue: pending,
    });
  }
}
