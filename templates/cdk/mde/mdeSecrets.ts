import { RemovalPolicy, SecretValue, Stack, Validations, type CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

const ROTATION_REASON =
  'Read once by the first-boot installer and written into the MDE service configuration on the instance; an automatic rotation would silently break MinIO/RabbitMQ/MongoDB logins. Rotate by redeploying the stack.';

/** The stack's customer-managed key and its four secrets (monaiuser plus one per MDE backing service). */
export class MdeSecrets extends Construct {
  readonly key: kms.Key;
  readonly monaiUser: secretsmanager.Secret;
  readonly minio: secretsmanager.Secret;
  readonly rabbitMq: secretsmanager.Secret;
  readonly mongo: secretsmanager.Secret;

  constructor(scope: Construct, id: string, monaiUserPassword: CfnParameter) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Imaging Lab MDE: secrets and flow logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch Logs encrypts the flow-log group with this key (scoped to log groups of this account and region).
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        // CloudWatch Logs documents the regional principal for key policies.
        principals: [new iam.ServicePrincipal(`logs.${Stack.of(this).region}.amazonaws.com`)],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Stack.of(this).partition}:logs:${Stack.of(this).region}:${Stack.of(this).account}:log-group:*` },
        },
      }),
    );
    this.monaiUser = new secretsmanager.Secret(this, 'MonaiUser', {
      description: 'Password of the monaiuser account on the MDE server',
      secretStringValue: SecretValue.cfnParameter(monaiUserPassword),
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.minio = this.generated('Minio', 'MinIO root user and password (same value) of MDE');
    this.rabbitMq = this.generated('RabbitMq', 'RabbitMQ admin password of MDE');
    this.mongo = this.generated('Mongo', 'MongoDB root password of MDE');
    for (const secret of [this.monaiUser, this.minio, this.rabbitMq, this.mongo]) {
      Validations.of(secret).acknowledge(
        { id: 'AwsSolutions-SMG4', reason: ROTATION_REASON },
        { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: ROTATION_REASON },
      );
    }
  }

  private generated(id: string, description: string): secretsmanager.Secret {
    return new secretsmanager.Secret(this, id, {
      description,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.DESTROY,
      // Alphanumeric so the installer can substitute it into JSON, YAML and connection URLs verbatim.
      generateSecretString: { passwordLength: 32, excludePunctuation: true, includeSpace: false },
    });
  }

  all(): secretsmanager.Secret[] {
    return [this.monaiUser, this.minio, this.rabbitMq, this.mongo];
  }
}
