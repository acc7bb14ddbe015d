import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../aws/clients';
import { OUTPUT } from '../catalog/kindIds';
import type { StackInfo } from '../stacks/stackInfo';
import type { DicomWebAuth } from './endpoint';

/** A DICOMweb target published by a deployed stack (stack contract outputs). */
export interface StackDicomTarget {
  readonly stackName: string;
  readonly region: string;
  readonly url: string;
  /** Secrets Manager name/ARN holding the credentials, when the stack has any. */
  readonly credentialsSecret: string | undefined;
}

export function stackDicomTarget(stack: StackInfo): StackDicomTarget | undefined {
  const output = (key: string) => stack.outputs.find((o) => o.key === key)?.value;
  const url = output(OUTPUT.dicomWebUrl);
  if (!url) return undefined;
  return { stackName: stack.stackName, region: stack.region, url, credentialsSecret: output(OUTPUT.dicomWebCredentialsSecret) };
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

export async function fetchStackAuth(clients: AwsClients, target: StackDicomTarget, signal?: AbortSignal): Promise<DicomWebAuth> {
  if (!target.credentialsSecret) return { kind: 'none' };
  const client = await clients.secretsManager(target.region);
  const result = await client.send(new GetSecretValueCommand({ SecretId: target.credentialsSecret }), signal ? { abortSignal: signal } : {});
  if (!result.SecretString) throw new Error(`The secret ${target.credentialsSecret} has no text value; store the DICOMweb credentials as JSON {"username","password"}.`);
  return authFromSecretString(result.SecretString);
}
