import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client, GetConsoleOutputCommand, type Instance } from '@aws-sdk/client-ec2';
import { EC2InstanceConnectClient, SendSSHPublicKeyCommand } from '@aws-sdk/client-ec2-instance-connect';
import { addManagedHost } from '../../../src/core/ssh/hostAccess';
import { requireTool } from '../../support/requireTool';
import { runCliForTest } from '../../support/runCliForTest';
import { mockDuringSuite } from '../../unit/ssh/awsFakes';

const run = promisify(execFile);
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/research/0b1c2d3e-0000-4000-8000-00000000a001';
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

/**
 * Finding 1 of the security review (critical): a value from AWS carrying a newline put a
 * `Match exec` block into the managed config, and OpenSSH ran it for every host. `ssh -G` evaluates
 * `Match exec` locally, so a marker file tells whether the command ran.
 */
describe('a hostile stack cannot put commands into the SSH config (real ssh -G)', function () {
  this.timeout(60000);
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const eic = mockDuringSuite(EC2InstanceConnectClient);
  let ssh: string;
  let dir: string;
  let marker: string;

  before(() => (ssh = requireTool('ssh', 'openssh-client')));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-hostile-'));
    marker = join(dir, 'match-exec-ran');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const injection = () => `ubuntu"\nMatch exec "touch ${marker}"\nHost zz "zz`;

  function account(instance: Partial<Instance>, outputs: Stack['Outputs'] = []): void {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackId: STACK_ID, StackName: 'research', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Tags: [{ Key: 'imaging-lab:kind', Value: 'lab' }], Outputs: outputs }],
    });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [{ LogicalResourceId: 'Server', PhysicalResourceId: 'i-0abc1234def567890', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
    });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-0abc1234def567890', State: { Name: 'running', Code: 16 }, PublicIpAddress: '127.0.0.9', ...instance }] }],
    });
    ec2.on(GetConsoleOutputCommand).resolves({ Output: Buffer.from(`-----BEGIN SSH HOST KEY KEYS-----\n${ED25519} root@x\n-----END SSH HOST KEY KEYS-----\n`).toString('base64') });
    eic.on(SendSSHPublicKeyCommand).resolves({ Success: true });
  }

  const cli = () => runCliForTest(['ssh', 'research', '--region', 'us-east-1', '--ssh-dir', dir], { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });

  /** What OpenSSH makes of any host name through the user config (which includes the managed file). */
  async function resolveAnyHost(): Promise<string> {
    const configFile = join(dir, 'config');
    if (!existsSync(configFile)) writeFileSync(configFile, '', { mode: 0o600 });
    return (await run(ssh, ['-G', '-F', configFile, 'some-other-host.internal'])).stdout;
  }

  it('refuses an instance tag imaging-lab:ssh-user carrying a Match exec block, naming the stack and the field', async () => {
    account({ Tags: [{ Key: 'imaging-lab:ssh-user', Value: injection() }] });
    const result = await cli();
    assert.equal(result.code, 1, `the CLI must refuse; it printed: ${result.out}${result.err}`);
    assert.match(result.err, /research/);
    assert.match(result.err, /imaging-lab:ssh-user/);
    assert.match(result.err, /not a valid/);
    await resolveAnyHost();
    assert.equal(existsSync(marker), false, 'ssh -G ran the injected Match exec command');
    assert.equal(existsSync(join(dir, 'imaging-lab', 'config')) ? /Match/i.test(readFileSync(join(dir, 'imaging-lab', 'config'), 'utf8')) : false, false);
  });

  it('refuses an SshHost output carrying a Match exec block', async () => {
    account({ Tags: [{ Key: 'imaging-lab:ssh-user', Value: 'ubuntu' }] }, [{ OutputKey: 'SshHost', OutputValue: `127.0.0.9\nMatch exec "touch ${marker}"\nHost zz` }, { OutputKey: 'InstanceId', OutputValue: 'i-0abc1234def567890' }]);
    const result = await cli();
    assert.equal(result.code, 1, `the CLI must refuse; it printed: ${result.out}${result.err}`);
    assert.match(result.err, /SshHost/);
    await resolveAnyHost();
    assert.equal(existsSync(marker), false, 'ssh -G ran the injected Match exec command');
  });

  it('drops a Match exec block left in the managed file (by an older version) at the next write', async () => {
    mkdirSync(join(dir, 'imaging-lab'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(dir, 'imaging-lab', 'config'),
      `# Managed by Imaging Lab\nHost research\n  # imaging-lab:stack us-east-1 research\n  HostName 127.0.0.9\n  User ubuntu"\nMatch exec "touch ${marker}"\nHost zz "zz"\n  UserKnownHostsFile x\n`,
      { mode: 0o600 },
    );
    await addManagedHost({ sshDir: dir, userConfig: join(dir, 'config'), managedDir: join(dir, 'imaging-lab'), managedConfig: join(dir, 'imaging-lab', 'config'), knownHosts: join(dir, 'imaging-lab', 'known_hosts') }, { alias: 'other', hostName: '127.0.0.10', user: 'ec2-user' });
    const text = readFileSync(join(dir, 'imaging-lab', 'config'), 'utf8');
    assert.doesNotMatch(text, /Match|touch|Host zz/i);
    assert.match(text, /^Host other$/m);
    const options = await resolveAnyHost();
    assert.equal(existsSync(marker), false, 'ssh -G ran the Match exec command left in the file');
    assert.match(options, /^hostname some-other-host\.internal$/m);
  });

  it('writes a well-formed stack that ssh -G resolves, running nothing', async () => {
    account({ Tags: [{ Key: 'imaging-lab:ssh-user', Value: 'ubuntu' }] });
    const result = await cli();
    assert.equal(result.code, 0, result.err);
    const alias = result.out.trim().split(/\s+/).at(-1) ?? '';
    const options = (await run(ssh, ['-G', '-F', join(dir, 'config'), alias])).stdout;
    assert.match(options, /^hostname 127\.0\.0\.9$/m);
    assert.match(options, /^user ubuntu$/m);
    assert.equal(existsSync(marker), false);
  });
});
