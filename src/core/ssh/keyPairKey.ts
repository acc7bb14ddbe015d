import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../aws/clients';
import { writeFileAtomic, ensurePrivateDir, type SecureWriteOptions } from './secureFile';
import { keyFilePath, type SshPaths } from './sshPaths';
import { awsErrorName, explainAccessDenied, SshSetupError } from './sshAwsErrors';

/** SSM parameter where CloudFormation stores the private key of an AWS::EC2::KeyPair. */
export function keyPairParameterName(keyPairId: string): string {
  return keyPairId.startsWith('/') ? keyPairId : `/ec2/keypair/${keyPairId}`;
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
    if (awsErrorName(error) === 'ParameterNotFound') {
      throw new SshSetupError(
        `The private key parameter ${parameterName} was not found in ${region}. The key pair may have been deleted or created outside CloudFormation; check the stack's KeyPairParameter output or use EC2 Instance Connect.`,
        'ParameterNotFound',
        { cause: error },
      );
    }
    throw explainAccessDenied(error, `reading the private key ${parameterName}`, ['ssm:GetParameter', 'kms:Decrypt']);
  }
}

/** Fetches the stack's key and stores it as `<sshDir>/imaging-lab/<alias>.pem` (0600 in a 0700 folder). */
export async function installKeyPairKey(
  clients: Pick<AwsClients, 'ssm'>,
  region: string,
  parameterName: string,
  paths: SshPaths,
  alias: string,
  signal?: AbortSignal,
  writeOptions?: SecureWriteOptions,
): Promise<string> {
  const key = await fetchKeyPairPrivateKey(clients, region, parameterName, signal);
  const file = keyFilePath(paths, alias);
  await ensurePrivateDir(paths.managedDir, writeOptions?.platform);
  await writeFileAtomic(file, key, { ...writeOptions, mode: 0o600 });
  return file;
}
