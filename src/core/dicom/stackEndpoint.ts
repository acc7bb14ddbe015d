import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../aws/clients';
import { OUTPUT } from '../kinds/stackContract';
import { stackResourceIds, STACK_ID_TAG, taggedForStack } from '../net/stackOwnership';
import type { StackInfo } from '../stacks/stackInfo';
import { dicomWebBase, type DicomWebAuth } from './endpoint';

/** A DICOMweb target published by a deployed stack (stack contract outputs). */
export interface StackDicomTarget {
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly url: string;
  /** Secrets Manager name/ARN holding the credentials, when the stack has any. */
  readonly credentialsSecret: string | undefined;
}

export function stackDicomTarget(stack: StackInfo): StackDicomTarget | undefined {
  const output = (key: string) => stack.outputs.find((o) => o.key === key)?.value;
  const url = output(OUTPUT.dicomWebUrl);
  if (!url) return undefined;
  return { stackName: stack.stackName, stackId: stack.stackId, region: stack.region, url, credentialsSecret: output(OUTPUT.dicomWebCredentialsSecret) };
}

/**
 * Reads credentials from a secret: JSON with username/password (any common spelling) or token,
 * or a bare string taken as a bearer token.
 */
export function authFromSecretString(secret: string): DicomWebAuth {
  const text = secret.trim();
  if (!text.startsWith('{')) return { kind: 'bearer', token: text };
  const record = JSON.parse(text) as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const [k, v] of Object.entries(record)) if (keys.includes(k.toLowerCase()) && typeof v === 'string' && v !== '') return v;
    return undefined;
  };
  const token = pick('token', 'bearertoken', 'access_token', 'accesstoken');
  if (token) return { kind: 'bearer', token };
  const username = pick('username', 'user', 'login');
  const password = pick('password', 'pass');
  if (username && password !== undefined) return { kind: 'basic', username, password };
  throw new Error('The credentials secret has neither a token nor a username and password (expected JSON like {"username": "...", "password": "..."}).');
}

/**
 * The secret's ARN, once it is known to belong to the stack: tagged with the stack's ARN by
 * CloudFormation, or listed among the stack's resources. A stack must not be able to make Imaging
 * Lab read (and send) a secret it has nothing to do with.
 */
async function ownedSecretArn(clients: Pick<AwsClients, 'secretsManager' | 'cloudFormation'>, target: StackDicomTarget & { credentialsSecret: string }, signal?: AbortSignal): Promise<string> {
  const client = await clients.secretsManager(target.region);
  const described = await client.send(new DescribeSecretCommand({ SecretId: target.credentialsSecret }), signal ? { abortSignal: signal } : {});
  const arn = described.ARN ?? '';
  if (taggedForStack(described.Tags, target)) return arn;
  const stack = { stackName: target.stackName, stackId: target.stackId, region: target.region };
  if (arn && (await stackResourceIds(clients, stack, 'AWS::SecretsManager::Secret', signal)).includes(arn)) return arn;
  throw new Error(
    `Stack ${target.stackName} names the secret ${target.credentialsSecret} in its ${OUTPUT.dicomWebCredentialsSecret} output, but that secret does not belong to the stack (no ${STACK_ID_TAG} tag of this stack, and not one of its resources). Imaging Lab did not read it and sent no credentials. Fix the stack's output, or add the server as an endpoint with its own credentials.`,
  );
}

/** Asked before a stack's secret is read for a server (once per stack, secret and origin, in the UI). */
export type ConfirmCredentials = (use: { readonly stackName: string; readonly secret: string; readonly secretArn: string; readonly origin: string }) => Promise<void>;

/**
 * The stack's DICOMweb credentials, only for an https URL, only from a secret the stack owns, and
 * only after `confirm` (which throws to refuse) agreed to send that secret to that origin.
 */
export async function fetchStackAuth(
  clients: Pick<AwsClients, 'secretsManager' | 'cloudFormation'>,
  target: StackDicomTarget,
  signal?: AbortSignal,
  confirm?: ConfirmCredentials,
): Promise<DicomWebAuth> {
  if (!target.credentialsSecret) return { kind: 'none' };
  const base = dicomWebBase(target.url);
  if (base.protocol !== 'https:') {
    throw new Error(
      `Stack ${target.stackName} has credentials (${target.credentialsSecret}) for ${base.origin}, which is not https: Imaging Lab sends credentials only over TLS. Put the server behind https, or tunnel to it.`,
    );
  }
  const arn = await ownedSecretArn(clients, { ...target, credentialsSecret: target.credentialsSecret }, signal);
  await confirm?.({ stackName: target.stackName, secret: target.credentialsSecret, secretArn: arn, origin: base.origin });
  const client = await clients.secretsManager(target.region);
  const result = await client.send(new GetSecretValueCommand({ SecretId: arn || target.credentialsSecret }), signal ? { abortSignal: signal } : {});
  if (!result.SecretString) throw new Error(`The secret ${target.credentialsSecret} has no text value; store the DICOMweb credentials as JSON {"username","password"}.`);
  return authFromSecretString(result.SecretString);
}
