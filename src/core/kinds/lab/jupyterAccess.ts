import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from '../../aws/clients';
import { stackResourceIds, taggedForStack } from '../../net/stackOwnership';
import type { StackInfo } from '../../stacks/stackInfo';
import { LAB_OUTPUT } from './labNames';
import { labOutput } from './labStack';

/** What the template's generated token looks like (Secrets Manager, 48 characters, no punctuation); the installer checks the same. */
const TOKEN = /^[A-Za-z0-9]{32,128}$/;

type LabStack = Pick<StackInfo, 'stackName' | 'stackId' | 'region' | 'outputs'>;

/** Jupyter's port on the instance (JupyterPort output; the service listens on 127.0.0.1 there). */
export function jupyterPort(stack: Pick<StackInfo, 'outputs'>): number {
  const text = stack.outputs.find((o) => o.key === LAB_OUTPUT.jupyterPort)?.value ?? '8888';
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65_535)) throw new Error(`The stack's ${LAB_OUTPUT.jupyterPort} output (${JSON.stringify(text.slice(0, 20))}) is not a TCP port.`);
  return port;
}

/**
 * The Jupyter token from the secret the JupyterTokenSecret output names, read only when the
 * secret belongs to the stack (CloudFormation's stack-id tag, or one of its resources) and only
 * when it looks like a generated token: the value becomes part of a URL.
 */
export async function fetchJupyterToken(clients: Pick<AwsClients, 'secretsManager' | 'cloudFormation'>, stack: LabStack, signal?: AbortSignal): Promise<string> {
  const secretId = labOutput(stack, LAB_OUTPUT.jupyterTokenSecret);
  const sm = await clients.secretsManager(stack.region);
  const options = signal ? { abortSignal: signal } : {};
  const described = await sm.send(new DescribeSecretCommand({ SecretId: secretId }), options);
  const arn = described.ARN ?? '';
  const owned = taggedForStack(described.Tags, stack) || (arn !== '' && (await stackResourceIds(clients, stack, 'AWS::SecretsManager::Secret', signal)).includes(arn));
  if (!owned) {
    throw new Error(`Stack ${stack.stackName} names ${secretId} as its Jupyter token secret, but that secret does not belong to the stack. Imaging Lab did not read it. Check the stack's ${LAB_OUTPUT.jupyterTokenSecret} output.`);
  }
  const token = (await sm.send(new GetSecretValueCommand({ SecretId: arn }), options)).SecretString ?? '';
  if (!TOKEN.test(token)) throw new Error(`The Jupyter token secret of ${stack.stackName} does not hold a generated token (32-128 letters and digits). Rotate it to a generated value and restart jupyter.service on the instance.`);
  return token;
}

/** The tokened JupyterLab address through a local tunnel port. */
export function jupyterUrl(localPort: number, token: string): string {
  if (!Number.isInteger(localPort) || localPort < 1 || localPort > 65_535) throw new Error(`${localPort} is not a local port.`);
  if (!TOKEN.test(token)) throw new Error('That is not a Jupyter token.');
  return `http://127.0.0.1:${localPort}/lab?token=${token}`;
}
