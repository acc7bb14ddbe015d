import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import SSHConfig from 'ssh-config';
import { generateEphemeralKey } from '../../../src/core/ssh/instanceConnect';
import { runCliForTest } from '../../support/runCliForTest';
import { mockDuringSuite } from './awsFakes';

interface FakeStack {
  readonly name: string;
  readonly region: string;
  readonly n: number;
  readonly instances: readonly { readonly id: string; readonly role: string; readonly ip: string; readonly hostKey: string }[];
  readonly privateKey: string;
  readonly sshHost?: string;
}

const stackId = (s: Pick<FakeStack, 'name' | 'region' | 'n'>) => `arn:aws:cloudformation:${s.region}:123456789012:stack/${s.name}/1f2e3d4c-0000-4000-8000-00000000010${s.n}`;
const keyPairId = (s: Pick<FakeStack, 'n'>) => `key-0000000000000000${s.n}`;

/**
 * Finding 4 of the security review: one stack could take over another's SSH trust. Through the
 * CLI, as a person runs it: stacks whose names collide once lower-cased (and across regions, and
 * with a role suffix) each keep their own host block, key file and pins, and a stack whose SshHost
 * names another stack's host cannot replace that host's pins.
 */
describe('stacks cannot take over each other\'s SSH hosts, keys or pins', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const ssm = mockDuringSuite(SSMClient);
  let dir: string;
  let keys: string[];
  before(async () => {
    keys = [];
    for (let i = 0; i < 6; i++) keys.push((await generateEphemeralKey()).publicKey.split(' ').slice(0, 2).join(' '));
  });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-collide-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function serve(stack: FakeStack): void {
    [cfn, ec2, ssm].forEach((m) => m.reset());
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{
        StackId: stackId(stack), StackName: stack.name, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(),
        Tags: [{ Key: 'imaging-lab:kind', Value: 'mde' }],
        Outputs: [{ OutputKey: 'KeyPairParameter', OutputValue: keyPairId(stack) }, ...(stack.sshHost ? [{ OutputKey: 'SshHost', OutputValue: stack.sshHost }] : [])],
      }],
    });
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: stack.instances.map((i) => ({ LogicalResourceId: i.role, PhysicalResourceId: i.id, ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() })),
    });
    ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [{ Instances: stack.instances.map((i) => ({ InstanceId: i.id, State: { Name: 'running', Code: 16 }, PublicIpAddress: i.ip, Tags: [{ Key: 'imaging-lab:role', Value: i.role }, { Key: 'imaging-lab:ssh-user', Value: 'ubuntu' }] })) }],
    });
    for (const i of stack.instances) {
      ec2.on(GetConsoleOutputCommand, { InstanceId: i.id }).resolves({ Output: Buffer.from(`-----BEGIN SSH HOST KEY KEYS-----\n${i.hostKey} root@x\n-----END SSH HOST KEY KEYS-----\n`).toString('base64') });
    }
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'aws:cloudformation:stack-id', Value: stackId(stack) }] });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: `/ec2/keypair/${keyPairId(stack)}`, Type: 'SecureString', Value: stack.privateKey } });
  }

  async function connect(stack: FakeStack, role?: string): Promise<{ code: number; alias: string; err: string }> {
    serve(stack);
    const result = await runCliForTest(['ssh', stack.name, '--region', stack.region, '--ssh-dir', dir, ...(role ? ['--role', role] : [])], { AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });
    return { code: result.code, alias: result.out.trim().split(/\s+/).at(-1) ?? '', err: result.err };
  }

  const config = () => SSHConfig.parse(readFileSync(join(dir, 'imaging-lab', 'config'), 'utf8'));
  const knownHosts = () => readFileSync(join(dir, 'imaging-lab', 'known_hosts'), 'utf8').split('\n').filter(Boolean);

  it('gives prod-gpu, Prod-GPU (another region) and prod/gpu their own alias, key file and pins, and keeps each alias on re-runs', async () => {
    const a: FakeStack = { name: 'prod-gpu', region: 'us-east-1', n: 1, privateKey: 'KEY OF prod-gpu\n', instances: [{ id: 'i-0000000000000000a', role: 'server', ip: '127.0.0.11', hostKey: keys[0]! }] };
    const b: FakeStack = { name: 'Prod-GPU', region: 'eu-west-1', n: 2, privateKey: 'KEY OF Prod-GPU\n', instances: [{ id: 'i-0000000000000000b', role: 'server', ip: '127.0.0.12', hostKey: keys[1]! }] };
    const c: FakeStack = {
      name: 'prod', region: 'us-east-1', n: 3, privateKey: 'KEY OF prod\n',
      instances: [{ id: 'i-0000000000000000c', role: 'gpu', ip: '127.0.0.13', hostKey: keys[2]! }, { id: 'i-0000000000000000d', role: 'web', ip: '127.0.0.14', hostKey: keys[3]! }],
    };
    const first = [await connect(a), await connect(b), await connect(c, 'gpu')];
    for (const r of first) assert.equal(r.code, 0, r.err);
    const aliases = first.map((r) => r.alias);
    assert.equal(new Set(aliases.map((x) => x.toLowerCase())).size, 3, `aliases must differ: ${aliases.join(', ')}`);
    assert.equal(aliases[0], 'prod-gpu', 'the first comer keeps the plain stack name');
    for (const [i, stack] of [a, b, c].entries()) {
      const host = config().compute(aliases[i]!);
      assert.equal(host.HostName, stack.instances[0]!.ip, `${aliases[i]} reaches ${stack.name}'s instance`);
      const identity = String(host.IdentityFile);
      assert.equal(readFileSync(identity, 'utf8'), stack.privateKey, `${aliases[i]} uses ${stack.name}'s own key file`);
      const pinned = knownHosts().filter((l) => l.endsWith(stack.instances[0]!.hostKey));
      assert.equal(pinned.length, 1, `${stack.name}'s host key is pinned once`);
    }
    assert.deepEqual([(await connect(a)).alias, (await connect(b)).alias, (await connect(c, 'gpu')).alias], aliases, 're-running keeps each alias');
  });

  it("cannot replace another stack's pin by naming its host in SshHost", async () => {
    const victim: FakeStack = { name: 'victim', region: 'us-east-1', n: 4, privateKey: 'VICTIM KEY\n', instances: [{ id: 'i-0000000000000000e', role: 'server', ip: '127.0.0.21', hostKey: keys[4]! }] };
    const victimAlias = await connect(victim);
    assert.equal(victimAlias.code, 0, victimAlias.err);
    const before = knownHosts();
    const hostile: FakeStack = { name: 'hostile', region: 'us-east-1', n: 5, privateKey: 'HOSTILE KEY\n', sshHost: '127.0.0.21', instances: [{ id: 'i-0000000000000000f', role: 'server', ip: '127.0.0.22', hostKey: keys[5]! }] };
    await connect(hostile);
    const after = knownHosts();
    for (const line of before) assert.ok(after.includes(line), `the victim's pin '${line}' is still there`);
    const hijacked = after.filter((l) => l.endsWith(keys[5]!) && (l.startsWith('127.0.0.21 ') || before.some((b) => b.split(' ')[0] === l.split(' ')[0])));
    assert.deepEqual(hijacked, [], "the hostile instance's key is not pinned under the victim's name");
    assert.equal(config().compute(victimAlias.alias).HostName, '127.0.0.21');
  });
});
