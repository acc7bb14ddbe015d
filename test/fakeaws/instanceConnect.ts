import { randomUUID } from 'node:crypto';
import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';

/** EC2 Instance Connect (awsJson1_1, target `AWSEC2InstanceConnectService.<Action>`); as in its API reference. */
export const instanceConnectHandlers: Record<string, (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown> = {
  SendSSHPublicKey(state, region, input) {
    const instanceId = String(input.InstanceId ?? '');
    const user = String(input.InstanceOSUser ?? '');
    const publicKey = String(input.SSHPublicKey ?? '');
    const found = state.instances(region).find(({ instance }) => instance.instanceId === instanceId);
    if (!found) throw new FakeAwsError('EC2InstanceNotFoundException', `Instance ${instanceId} not found in ${region}.`, 400);
    if ((found.instance.state ?? 'running') !== 'running') throw new FakeAwsError('EC2InstanceStateInvalidException', 'Unable to connect because the instance is not in a valid state.', 400);
    if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new FakeAwsError('InvalidArgsException', 'The OS user name is not valid.', 400);
    if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( .*)?$/.test(publicKey.trim())) throw new FakeAwsError('InvalidArgsException', 'The SSH public key is not in a supported format.', 400);
    state.pushedKeys.push({ instanceId, user, publicKey, at: state.now() });
    return { RequestId: randomUUID(), Success: true };
  },
};
