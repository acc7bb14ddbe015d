import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { generateEphemeralKey } from '../../../src/core/ssh/instanceConnect';
import { runCliForTest } from '../../support/runCliForTest';
import { mockDuringSuite } from '../ssh/awsFakes';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/lab-cli/1f2e3d4c-0000-4000-8000-0000000000c1';
const KEY_PAIR = 'key-00000000000000c1';
const JUPYTER = 'i-0000000000000c001';
const FILEGATOR = 'i-0000000000000c002';

describe('imaging-lab filegator: the SSH tunnel line to a lab\'s private FileGator through its Jupyter host', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const ssm = mockDuringSuite(SSMClient);
  let dir: string;
  let hostKey: string;
  before(async () => (hostKey = (await generateEphemeralKey()).publicKey.split(' ').slice(0, 2).join(' ')));
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-fg-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function serve(outputs: Record<string, string>): void {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{
        StackId: STACK_ID, StackName: 'lab-cli', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(),
        Tags: [{ Key: 'imaging-lab:kind', Value: 'lab' }],
        Outputs: Object.entries({ KeyPairParameter: KEY_PAIR, ...outputs }).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      }],
    });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [JUPYTER, FILEGATOR].map((id, n) => ({ LogicalResourceId: n === 0 ? 'JupyterInstance' : 'FileGatorInstance', PhysicalResourceId: id, ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() })),
    });
    const tags = (role: string) => [{ Key: 'imaging-lab:role', Value: role }, { Key: 'imaging-lab:ssh-user', Value: 'ec2-user' }];
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: [
        { InstanceId: JUPYTER, State: { Name: 'running', Code: 16 }, PublicIpAddress: '127.0.0.21', PrivateIpAddress: '10.0.1.10', Tags: tags('jupyter') },
        { InstanceId: FILEGATOR, State: { Name: 'running', Code: 16 }, PrivateIpAddress: '10.0.2.17', Tags: [...tags('filegator'), { Key: 'imaging-lab:ssh-via', Value: 'jupyter' }] },
      ] }],
    });
    ec2.on(GetConsoleOutputCommand).resolves({ Output: Buffer.from(`-----BEGIN SSH HOST KEY KEYS-----\n${hostKey} root@x\n-----END SSH HOST KEY KEYS-----\n`).toString('base64') });
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }] });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: `/ec2/keypair/${KEY_PAIR}`, Type: 'SecureString', Value: 'KEY OF lab-cli\n' } });
  }

  const run = (...extra: string[]) =>
    runCliForTest(['filegator', 'lab-cli', '--region', 'us-east-1', '--ssh-dir', dir, ...extra], { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });

  it('prepares SSH to the Jupyter host and prints the forward to FileGator\'s private address and port', async () => {
    serve({ FileGatorPrivateIp: '10.0.2.17', FileGatorPort: '8080', FileGatorAdminSecret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:fg-AbCdEf' });
    const { code, out, err } = await run('--local-port', '18080');
    assert.equal(code, 0, err);
    // The last line is the command (the first run may report the Include it added to the ssh config).
    assert.match(out.trimEnd().split('\n').at(-1) ?? '', /^ssh -N -L 127\.0\.0\.1:18080:10\.0\.2\.17:8080 (-F \S+ )?lab-cli-jupyter$/);
    assert.match(err, /open http:\/\/127\.0\.0\.1:18080\/ and log in as admin/);
    const config = readFileSync(join(dir, 'imaging-lab', 'config'), 'utf8');
    assert.match(config, /HostName 127\.0\.0\.21/, 'the jump host entry was written with its public address');
    assert.doesNotMatch(out + err, /KEY OF/, 'no key material printed');
  });

  it('refuses a lab without FileGator, and a FileGator address that is not private', async () => {
    serve({});
    const off = await run();
    assert.equal(off.code, 1);
    assert.match(off.err, /lab-cli has no FileGator to open: .*EnableFileGator=true/);
    serve({ FileGatorPrivateIp: '8.8.8.8', FileGatorPort: '8080' });
    const hostile = await run();
    assert.equal(hostile.code, 1);
    assert.match(hostile.err, /is not a private IPv4 address/);
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0, 'nothing fetched for a refused stack');
    const usage = await run('--local-port', '70000');
    assert.equal(usage.code, 2);
  });
});
