import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../../aws/clients';
import { stackResourceIds, taggedForStack } from '../../net/stackOwnership';
import type { StackInfo } from '../../stacks/stackInfo';
import { labOutput } from './labStack';

type LabStack = Pick<StackInfo, 'stackName' | 'stackId' | 'region' | 'outputs'>;

/** What a lab secret is, for messages: its output, its name in prose, and the grammar its value must match. */
export interface LabSecret {
  readonly output: string;
  readonly what: string;
  readonly value: RegExp;
  /** What to do when the value does not match. */
  readonly fix: string;
}

/**
 * The value of the secret a lab output names, read only when the secret belongs to the stack
 * (CloudFormation's stack-id tag, or one of its resources) and only when it matches the grammar
 * of a generated value: it becomes part of a URL or the clipboard.
 */
export async function readOwnedSecret(clients: Pick<AwsClients, 'secretsManager' | 'cloudFormation'>, stack: LabStack, secret: LabSecret, signal?: AbortSignal): Promise<string> {
  const secretId = labOutput(stack, secret.output);
  const sm = await clients.secretsManager(stack.region);
  const options = signal ? { abortSignal: signal } : {};
  const described = await sm.send(new DescribeSecretCommand({ SecretId: secretId }), options);
  const arn = described.ARN ?? '';
  const owned = taggedForStack(described.Tags, stack) || (arn !== '' && (await stackResourceIds(clients, stack, 'AWS::SecretsManager::Secret', signal)).includes(arn));
  if (!owned) {
    throw new Error(`Stack ${stack.stackName} names ${secretId} as its ${secret.what} secret, but that secret does not belong to the stack. Imaging Lab did not read it. Check the stack's ${secret.output} output.`);
  }
  const value = (await sm.send(new GetSecretValueCommand({ SecretId: arn }), options)).SecretString ?? '';
  if (!secret.value.test(value)) throw new Error(`The ${secret.what} secret of ${stack.stackName} does not hold a generated value. ${secret.fix}`);
  return value;
}
