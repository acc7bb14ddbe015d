import { DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ListTagsForResourceCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../aws/clients';
import { stackResourceIds, STACK_ID_TAG, taggedForStack, type OwningStack } from '../net/stackOwnership';
import { writeFileAtomic, ensurePrivateDir, type SecureWriteOptions } from './secureFile';
import { keyFilePath, type SshPaths } from './sshPaths';
import { awsErrorName, explainAccessDenied, SshSetupError } from './sshAwsErrors';

/** SSM parameter where CloudFormation stores the private key of an AWS::EC2::KeyPair. */
export function keyPairParameterName(keyPairId: string): string {
  return keyPairId.startsWith('/') ? keyPairId : `/ec2/keypair/${keyPairId}`;
}

const KEY_PAIR_PARAMETER = /^\/ec2\/keypair\/(key-[0-9a-f]{8,32})$/;

function notFound(parameterName: string, region: string, cause: unknown): SshSetupError {
  return new SshSetupError(
    `The private key parameter ${parameterName} was not found in ${region}. The key pair may have been deleted or created outside CloudFormation; check the stack's KeyPairParameter output or use EC2 Instance Connect.`,
    'ParameterNotFound',
    { cause },
  );
}

/** The parameter carries the stack's `aws:cloudformation:stack-id` tag. */
async function parameterTagged(clients: Pick<AwsClients, 'ssm'>, stack: OwningStack, parameterName: string, signal?: AbortSignal): Promise<boolean> {
  const ssm = await clients.ssm(stack.region);
  try {
    const result = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: parameterName }), { abortSignal: signal });
    return taggedForStack(result.TagList, stack);
  } catch (error) {
    if (awsErrorName(error) === 'InvalidResourceId' || awsErrorName(error) === 'ParameterNotFound') throw notFound(parameterName, stack.region, error);
    throw explainAccessDenied(error, `reading the tags of ${parameterName}`, ['ssm:ListTagsForResource']);
  }
}

/** The parameter is `/ec2/keypair/<id>` of a key pair CloudFormation lists among the stack's resources. */
async function keyPairOfStack(clients: Pick<AwsClients, 'cloudFormation' | 'ec2'>, stack: OwningStack, parameterName: string, signal?: AbortSignal): Promise<boolean> {
  const keyPairId = KEY_PAIR_PARAMETER.exec(parameterName)?.[1];
  if (!keyPairId) return false;
  const names = await stackResourceIds(clients, stack, 'AWS::EC2::KeyPair', signal);
  if (names.length === 0) return false;
  const ec2 = await clients.ec2(stack.region);
  try {
    const result = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: names }), { abortSignal: signal });
    return (result.KeyPairs ?? []).some((k) => k.KeyPairId === keyPairId);
  } catch (error) {
    throw explainAccessDenied(error, `describing the key pairs of stack ${stack.stackName}`, ['ec2:DescribeKeyPairs']);
  }
}

/**
 * Refuses a KeyPairParameter output that names a parameter the stack does not own: a stack must
 * not be able to make Imaging Lab decrypt someone else's SecureString to disk.
 */
export async function assertKeyParameterOwned(clients: Pick<AwsClients, 'ssm' | 'cloudFormation' | 'ec2'>, stack: OwningStack, parameterName: string, signal?: AbortSignal): Promise<void> {
  if (await parameterTagged(clients, stack, parameterName, signal)) return;
  if (await keyPairOfStack(clients, stack, parameterName, signal)) return;
  throw new SshSetupError(
    `Stack ${stack.stackName} names the parameter ${parameterName} in its KeyPairParameter output, but that parameter does not belong to the stack (no ${STACK_ID_TAG} tag of this stack, and not the private key of a key pair the stack created). Imaging Lab did not read it. Use EC2 Instance Connect, or fix the stack's output.`,
    'NotOwned',
  );
}

/** Reads the private key; the value never leaves this function except as the return value. */
export async function fetchKeyPairPrivateKey(
  clients: Pick<AwsClients, 'ssm'>,
  region: string,
  parameterName: string,
  signal?: AbortSignal,
): Promise<string> {
  const ssm = await clients.ssm(region);
  try {
    const result = await ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }), {
      abortSignal: signal,
    });
    const value = result.Parameter?.Value;
    if (!value) throw new SshSetupError(`The key parameter ${parameterName} is empty.`, 'EmptyParameter');
    return value.endsWith('\n') ? value : `${value}\n`;
  } catch (error) {
    if (awsErrorName(error) === 'ParameterNotFound') throw notFound(parameterName, region, error);
    throw explainAccessDenied(error, `reading the private key ${parameterName}`, ['ssm:GetParameter', 'kms:Decrypt']);
  }
}

/**
 * Checks that the stack owns the parameter, fetches the key and stores it as
 * `<sshDir>/imaging-lab/<keyName>.pem` (0600 in a 0700 folder).
 */
export async function installKeyPairKey(
  clients: Pick<AwsClients, 'ssm' | 'cloudFormation' | 'ec2'>,
  stack: OwningStack,
  parameterName: string,
  paths: SshPaths,
  keyName: string,
  signal?: AbortSignal,
  writeOptions?: SecureWriteOptions,
): Promise<string> {
  await assertKeyParameterOwned(clients, stack, parameterName, signal);
  const key = await fetchKeyPairPrivateKey(clients, stack.region, parameterName, signal);
  const file = keyFilePath(paths, keyName);
  await ensurePrivateDir(paths.managedDir, writeOptions?.platform);
  await writeFileAtomic(file, key, { ...writeOptions, mode: 0o600 });
  return file;
}
