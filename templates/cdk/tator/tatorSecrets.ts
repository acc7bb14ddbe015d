import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TATOR_ADMIN_USER } from '../../../src/core/kinds/tator/tatorJobs';

/**
 * The stack's KMS key and the secrets CloudFormation generates (seed: "Set djangoSecretKey to a
 * django key. You can generate one with several online tools"; `make superuser` typed a password).
 * Values never appear in the template, parameters, user data or outputs.
 */
export class TatorSecrets extends Construct {
  readonly key: kms.Key;
  readonly djangoKey: secretsmanager.Secret;
  /** JSON {"username":"admin","password":...}: Tator's first administrator. */
  readonly admin: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Tator stack: EKS secrets, EFS, RDS, S3 media, logs and Secrets Manager',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.djangoKey = new secretsmanager.Secret(this, 'DjangoSecretKey', {
      description: 'Tator DJANGO_SECRET_KEY',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.admin = new secretsmanager.Secret(this, 'AdminUser', {
      description: `Tator administrator (user ${TATOR_ADMIN_USER})`,
      encryptionKey: this.key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: TATOR_ADMIN_USER }),
        generateStringKey: 'password',
        passwordLength: 24,
        excludePunctuation: true,
      },
    });
    for (const secret of [this.djangoKey, this.admin]) {
      Validations.of(secret).acknowledge(
        { id: 'AwsSolutions-SMG4', reason: 'Copied into a Kubernetes Secret at install: rotating it in Secrets Manager alone would not reach Tator and would mislead.' },
        { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: 'Copied into a Kubernetes Secret at install: rotating it in Secrets Manager alone would not reach Tator and would mislead.' },
      );
    }
  }
}
