import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { generateEphemeralKey, pushInstanceConnectKey } from '../../../src/core/ssh/instanceConnect';
import { installKeyPairKey, keyPairParameterName } from '../../../src/core/ssh/keyPairKey';
import { ensurePrivateDir, writeFileAtomic } from '../../../src/core/ssh/secureFile';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { awsError, testClients, mockDuringSuite } from './awsFakes';

const STACK = { stackName: 'mylab', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/mylab/1f2e3d4c-0000-4000-8000-000000000001', region: 'us-east-1' };
const owned = { TagList: [{ Key: 'aws:cloudformation:stack-id', Value: STACK.stackId }] };
const PEM = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

describe('ssh keys', () => {
  const ssm = mockDuringSuite(SSMClient);
  const eic = mockDuringSuite(EC2InstanceConnectClient);
  let dir: string;
  beforeEach(() => {
    ssm.reset();
    eic.reset();
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('maps a key pair id to its Parameter Store name', () => {
    assert.equal(keyPairParameterName('key-0123456789abcdef0'), '/ec2/keypair/key-0123456789abcdef0');
    assert.equal(keyPairParameterName('/ec2/keypair/key-1'), '/ec2/keypair/key-1');
  });

  it('writes the decrypted key 0600 in a 0700 folder and asks for decryption', async () => {
    ssm.on(ListTagsForResourceCommand).resolves(owned);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: '/ec2/keypair/key-1', Type: 'SecureString', Value: PEM, Version: 1 } });
    const paths = sshPaths(join(dir, 'ssh'));
    const file = await installKeyPairKey(testClients(), STACK, '/ec2/keypair/key-1', paths, 'mde-mylab');
    assert.equal(file, join(dir, 'ssh', 'imaging-lab', 'mde-mylab.pem'));
    assert.equal(readFileSync(file, 'utf8'), `${PEM}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(paths.managedDir).mode & 0o777, 0o700);
    assert.deepEqual(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input, { Name: '/ec2/keypair/key-1', WithDecryption: true });
  });

  it('names ssm:GetParameter and kms:Decrypt on AccessDenied, without writing anything', async () => {
    ssm.on(ListTagsForResourceCommand).resolves(owned);
    ssm.on(GetParameterCommand).rejects(awsError('AccessDeniedException', 'User is not authorized'));
    const paths = sshPaths(join(dir, 'ssh'));
    await assert.rejects(installKeyPairKey(testClients(), STACK, '/ec2/keypair/key-1', paths, 'mde-x'), /ssm:GetParameter, kms:Decrypt/);
    assert.throws(() => statSync(join(paths.managedDir, 'mde-x.pem')));
  });

  it('explains a missing key parameter', async () => {
    ssm.on(ListTagsForResourceCommand).rejects(awsError('InvalidResourceId'));
    await assert.rejects(installKeyPairKey(testClients(), { ...STACK, region: 'eu-west-1' }, '/ec2/keypair/key-9', sshPaths(dir), 'a'), /was not found in eu-west-1.*Instance Connect/);
  });

  it('generates an ed25519 key in memory and pushes its public half', async () => {
    const key = await generateEphemeralKey();
    assert.match(key.publicKey, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5/);
    assert.match(key.privateKey, /BEGIN OPENSSH PRIVATE KEY/);
    eic.on(SendSSHPublicKeyCommand).resolves({ RequestId: 'r-1', Success: true });
    await pushInstanceConnectKey(testClients(), { region: 'us-east-1', instanceId: 'i-1', osUser: 'ubuntu', publicKey: key.publicKey, availabilityZone: 'us-east-1a' });
    assert.deepEqual(eic.commandCalls(SendSSHPublicKeyCommand)[0]?.args[0].input, {
      InstanceId: 'i-1',
      InstanceOSUser: 'ubuntu',
      SSHPublicKey: key.publicKey,
      AvailabilityZone: 'us-east-1a',
    });
  });

  for (const [error, expected] of [
    ['AccessDeniedException', /ec2-instance-connect:SendSSHPublicKey/],
    ['EC2InstanceStateInvalidException', /is not running/],
    ['EC2InstanceUnavailableException', /ec2-instance-connect package/],
    ['EC2InstanceNotFoundException', /was not found/],
  ] as const) {
    it(`explains ${error} from Instance Connect`, async () => {
      eic.on(SendSSHPublicKeyCommand).rejects(awsError(error));
      await assert.rejects(pushInstanceConnectKey(testClients(), { region: 'us-east-1', instanceId: 'i-1', osUser: 'u', publicKey: 'k' }), expected);
    });
  }

  it('restricts the ACL instead of mode bits on Windows', async () => {
    const restricted: string[] = [];
    const file = join(dir, 'k.pem');
    await writeFileAtomic(file, 'secret', { platform: 'win32', restrictAcl: async (p) => void restricted.push(p) });
    assert.equal(restricted.length, 1);
    assert.match(restricted[0]!, /\.k\.pem\..*\.tmp$/);
    assert.equal(readFileSync(file, 'utf8'), 'secret');
    const folders: [string, boolean][] = [];
    await ensurePrivateDir(join(dir, 'new', 'imaging-lab'), 'win32', async (p, isDir) => void folders.push([p, isDir]));
    assert.deepEqual(folders, [[join(dir, 'new', 'imaging-lab'), true]]);
  });
});
