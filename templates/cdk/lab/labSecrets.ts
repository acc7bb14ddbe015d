import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { LabStorage } from './labStorage';

const ROTATION_REASON =
  'Read once at first boot into a root-only file the service starts from; rotating it would silently lock the user out until the instance is rebuilt.';

/** Generated secret of the stack key, never in parameters, user data or outputs. */
export function generatedSecret(scope: Construct, id: string, description: string, storage: LabStorage): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description,
    encryptionKey: storage.key,
    removalPolicy: RemovalPolicy.DESTROY,
    generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
  });
  Validations.of(secret).acknowledge(
    { id: 'AwsSolutions-SMG4', reason: ROTATION_REASON },
    { id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: ROTATION_REASON },
  );
  return secret;
}

export function secretRead(secret: secretsmanager.ISecret, storage: LabStorage): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [storage.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(secret).region}.amazonaws.com` } },
    }),
  ];
}

