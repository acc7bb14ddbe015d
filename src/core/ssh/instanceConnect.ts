import { SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import type { AwsClients } from '../aws/clients';
import { awsErrorName, explainAccessDenied, SshSetupError } from './sshAwsErrors';
import { loadSsh2 } from './ssh2Module';

/**
 * A key pair generated in memory. The built-in client keeps it there; for OpenSSH the private half
 * is written 0600 into the 0700 managed folder (`<stack>-eic.pem`, see sshAccess), where it is
 * useless 60 s after each push, and it is removed with the stack's hosts (forgetStack).
 */
export interface EphemeralKey {
  readonly privateKey: string;
  readonly publicKey: string;
}

export async function generateEphemeralKey(): Promise<EphemeralKey> {
  const { utils } = await loadSsh2();
  const pair = utils.generateKeyPairSync('ed25519', { comment: 'imaging-lab-ephemeral' });
  return { privateKey: pair.private, publicKey: pair.public };
}

export interface PushKeyInput {
  readonly region: string;
  readonly instanceId: string;
  readonly osUser: string;
  readonly publicKey: string;
  readonly availabilityZone?: string;
}

/**
 * Pushes a public key that the instance accepts for 60 seconds, so call this right before
 * connecting. Instances whose AMI lacks the Instance Connect agent accept the call but then
 * reject the key; the failed login is explained by `instanceConnectHint`.
 */
export async function pushInstanceConnectKey(
  clients: Pick<AwsClients, 'ec2InstanceConnect'>,
  input: PushKeyInput,
  signal?: AbortSignal,
): Promise<void> {
  const eic = await clients.ec2InstanceConnect(input.region);
  try {
    const result = await eic.send(
      new SendSSHPublicKeyCommand({
        InstanceId: input.instanceId,
        InstanceOSUser: input.osUser,
        SSHPublicKey: input.publicKey,
        AvailabilityZone: input.availabilityZone,
      }),
      { abortSignal: signal },
    );
    if (result.Success === false) throw new SshSetupError(`EC2 Instance Connect refused the key for ${input.instanceId}.`, 'NotSuccess');
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'EC2InstanceNotFoundException') {
      throw new SshSetupError(`Instance ${input.instanceId} was not found in ${input.region}.`, name, { cause: error });
    }
    if (name === 'EC2InstanceStateInvalidException') {
      throw new SshSetupError(`Instance ${input.instanceId} is not running. Start it, then connect again.`, name, { cause: error });
    }
    if (name === 'EC2InstanceUnavailableException' || name === 'EC2InstanceTypeInvalidException') {
      throw new SshSetupError(instanceConnectHint(input.instanceId), name, { cause: error });
    }
    throw explainAccessDenied(error, `pushing a temporary SSH key to ${input.instanceId}`, [
      'ec2-instance-connect:SendSSHPublicKey',
    ]);
  }
}

export function instanceConnectHint(instanceId: string): string {
  return `Instance ${instanceId} did not accept the temporary key from EC2 Instance Connect. Its image probably lacks the ec2-instance-connect package (Amazon Linux 2/2023 and Ubuntu 20.04+ include it); install it on the instance, or deploy the stack with a key pair.`;
}
