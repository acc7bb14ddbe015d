import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { addManagedHost } from '../../../src/core/ssh/hostAccess';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { ensureInclude } from '../../../src/core/ssh/userConfigInclude';
import { mdeStack } from '../../fixtures/account';
import { runCliForTest } from '../../support/runCliForTest';
import { awsError, mockDuringSuite } from './awsFakes';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

describe('imaging-lab ssh <stack> and a broken user config', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const ssm = mockDuringSuite(SSMClient);
  let dir: string;
  beforeEach(() => {
    [cfn, ec2, ssm].forEach((m) => m.reset());
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...argv: string[]) => runCliForTest(argv, { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });

  it('fetches the key, pins the console host key, writes the config and prints the alias', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ ...mdeStack, Outputs: [...(mdeStack.Outputs ?? []), { OutputKey: 'KeyPairParameter', OutputValue: 'key-0abc' }] }] });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [{ LogicalResourceId: 'Server', PhysicalResourceId: 'i-0abc1234def567890', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }],
    });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [{ InstanceId: 'i-0abc1234def567890', State: { Name: 'running', Code: 16 }, PublicIpAddress: '127.0.0.20', PrivateIpAddress: '10.0.0.9' }] }],
    });
    ec2.on(GetConsoleOutputCommand).resolves({ Output: Buffer.from(`-----BEGIN SSH HOST KEY KEYS-----\n${ED25519} root@x\n-----END SSH HOST KEY KEYS-----\n`).toString('base64') });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'aws:cloudformation:stack-id', Value: mdeStack.StackId }] });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n' } });
    const result = await cli('ssh', 'mylab', '--region', 'us-east-1', '--ssh-dir', dir);
    assert.equal(result.code, 0, result.err);
    // --ssh-dir is not the folder OpenSSH reads, so the printed command names the managed file.
    assert.equal(result.out.split('\n').filter(Boolean).at(-1), `ssh -F ${join(dir, 'imaging-lab', 'config')} mylab`);
    const config = readFileSync(join(dir, 'imaging-lab', 'config'), 'utf8');
    assert.match(config, /Host mylab\n[\s\S]*HostName 127\.0\.0\.20/);
    assert.equal(readFileSync(join(dir, 'imaging-lab', 'known_hosts'), 'utf8'), `mylab.i-0abc1234def567890 ${ED25519}\n`);
    const keyFile = /IdentityFile (\S+mylab-[0-9a-f]{6}\.pem)$/m.exec(config)?.[1] ?? '';
    assert.match(readFileSync(keyFile, 'utf8'), /OPENSSH PRIVATE KEY/);
  });

  it('reports a missing stack as a failure with the region', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('ValidationError', 'Stack with id nope does not exist'));
    const result = await cli('ssh', 'nope', '--region', 'eu-west-1', '--ssh-dir', dir);
    assert.equal(result.code, 1);
    assert.match(result.err, /Stack nope does not exist in eu-west-1/);
  });

  it('leaves a non-UTF-8 user config untouched, explains, and still writes the managed file', async () => {
    const paths = sshPaths(dir);
    const bytes = Buffer.from([0x48, 0x6f, 0x73, 0x74, 0x20, 0xff, 0xfe, 0x0a]);
    writeFileSync(paths.userConfig, bytes);
    const result = await addManagedHost(paths, { alias: 'mde-x', hostName: '1.2.3.4', user: 'ubuntu' });
    assert.match(typeof result.include === 'object' ? result.include.error : '', /left untouched because it is not UTF-8 text/);
    assert.deepEqual(readFileSync(paths.userConfig), bytes);
    assert.match(readFileSync(paths.managedConfig, 'utf8'), /Host mde-x/);
  });

  it('explains an unreadable user config', async () => {
    const paths = sshPaths(dir);
    mkdirSync(paths.userConfig);
    await assert.rejects(ensureInclude(paths), /Could not read .*config \(EISDIR\); it was left untouched/);
  });
});
