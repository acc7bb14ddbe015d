import { Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { secureBucket } from '../common/secureBucket';

export const ROTATION_REASON =
  'Read at first boot and written into a 0600 configuration file that Orthanc reads; an automatic rotation would lock Orthanc out until it is restarted. Rotate by redeploying the stack.';

/** Written by the instance at first boot; until then the parameters hold this. */
export const NOT_YET_PUBLISHED = 'pending: the instance publishes this at first boot';

/**
 * The stack's key (rotation on), the image bucket and its access-log bucket, Orthanc's generated
 * admin credentials, and the two parameters where the instance publishes its certificate.
 */
export class OrthancData extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly adminSecret: secretsmanager.Secret;
  readonly fingerprintParameter: ssm.StringParameter;
  readonly caParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Imaging Lab Orthanc: images, index database, secrets and flow logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch Logs encrypts the flow-log group with this key (log groups of this account and region only).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );
    const logs = secureBucket(this, 'AccessLogs', { encryptionKey: this.key });
    this.bucket = secureBucket(this, 'Images', { encryptionKey: this.key, accessLogs: logs });

    // {"username":"admin","password":<32 alphanumerics>}: the form the extension's DICOMweb client reads.
    this.adminSecret = new secretsmanager.Secret(this, 'OrthancAdmin', {
      description: 'Orthanc administrator (web UI, REST, DICOMweb basic auth)',
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.DESTROY,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'admin' }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.adminSecret).acknowledge(
      { id: 'AwsSolutions-SMG4', reason: ROTATION_REASON },
      { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: ROTATION_REASON },
    );

    const name = (leaf: string) => `/imaging-lab/${Aws.STACK_NAME}/orthanc/${leaf}`;
    this.fingerprintParameter = new ssm.StringParameter(this, 'TlsFingerprint', {
      parameterName: name('tls-certificate-sha256'),
      description: 'SHA-256 fingerprint of the certificate nginx serves (HTTPS and DICOM-TLS), written by the instance',
      stringValue: NOT_YET_PUBLISHED,
      // The name starts with '/' (a path), so its ARN is parameter<name>.
      simpleName: false,
    });
    this.caParameter = new ssm.StringParameter(this, 'TlsCa', {
      parameterName: name('tls-ca-certificate'),
      description: "PEM of the one-off CA that signed the instance's certificate (its key is destroyed), written by the instance",
      stringValue: NOT_YET_PUBLISHED,
      // The name starts with '/' (a path), so its ARN is parameter<name>.
      simpleName: false,
    });
  }
}
