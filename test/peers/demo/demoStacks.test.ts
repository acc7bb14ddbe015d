import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../../../src/core/aws/clients';
import { allowMyIp, resolveIngressTarget } from '../../../src/core/net/allowMyIp';
import { detectPublicIp } from '../../../src/core/net/publicIp';
import { TAG_KIND } from '../../../src/core/kinds/stackContract';
import { probeTator, tatorUrl } from '../../../src/core/kinds/tator/tatorStack';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';
import { startDemoStandIns, type DemoStandIns } from '../../harness/demoStandIns';
import { requireTool } from '../../support/requireTool';

/** GET over https trusting only `ca`: the status and the SHA-256 fingerprint of the served certificate. */
function httpsGet(url: string, ca: string): Promise<{ status: number; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    let fingerprint = '';
    const request = get(url, { ca, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, fingerprint }));
    });
    request.on('socket', (socket) => socket.once('secureConnect', () => (fingerprint = (socket as TLSSocket).getPeerCertificate().fingerprint256)));
    request.on('error', reject);
  });
}

const credentials = { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' };
const REGIONS = ['us-east-1', 'eu-west-1'];

/**
 * The demo of `npm start -- --fake-aws`, without the workbench: every complete Imaging Lab stack of
 * the demo account leads to a local stand-in that works: real `ssh` logs in with the stack's key and
 * the host key pinned from its console output, DICOMweb answers QIDO, the web page loads, and
 * Allow My IP (the core use case) opens the stack's ports in the fake's security group.
 */
describe('the demo account: every action of every demo stack reaches a working local stand-in', function () {
  this.timeout(120000);
  let demo: DemoStandIns | undefined;
  let fake: FakeAws | undefined;
  let dir: string;
  const stacks: { region: string; stack: Stack }[] = [];
  const outputs = (s: Stack) => Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const client = <T>(make: (config: { region: string; endpoint: string; credentials: typeof credentials }) => T, region: string) => make({ region, endpoint: fake!.url, credentials });

  before(async () => {
    requireTool('ssh', 'openssh-client');
    demo = await startDemoStandIns();
    fake = await startFakeAws({ ...scriptedAccount({ creatingDurationMs: 0 }), standIns: demo.standIns });
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-demo-test-'));
    for (const region of REGIONS) {
      const listed = await client((c) => new CloudFormationClient(c), region).send(new DescribeStacksCommand({}));
      let page = listed;
      stacks.push(...(page.Stacks ?? []).map((stack) => ({ region, stack })));
      while (page.NextToken) {
        page = await client((c) => new CloudFormationClient(c), region).send(new DescribeStacksCommand({ NextToken: page.NextToken }));
        stacks.push(...(page.Stacks ?? []).map((stack) => ({ region, stack })));
      }
    }
  });
  after(async () => {
    await fake?.close();
    await demo?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ours = () => stacks.filter(({ stack }) => stack.Tags?.some((t) => t.Key === TAG_KIND) && (stack.Outputs?.length ?? 0) > 0);

  it('lists demo stacks of every kind with outputs', () => {
    assert.deepEqual([...new Set(ours().map(({ stack }) => stack.Tags?.find((t) => t.Key === TAG_KIND)?.Value))].sort(), ['lab', 'mde', 'orthanc', 'stowrs', 'tator']);
  });

  it('logs in with real ssh to every stack with an SSH host: its own key, the host key pinned from the console output', async () => {
    const withSsh = ours().filter(({ stack }) => outputs(stack).SshHost);
    assert.ok(withSsh.length >= 3, `only ${withSsh.length} stacks with SSH`);
    for (const { region, stack } of withSsh) {
      const o = outputs(stack);
      const name = o.KeyPairParameter!.startsWith('/') ? o.KeyPairParameter! : `/ec2/keypair/${o.KeyPairParameter}`;
      const key = (await client((c) => new SSMClient(c), region).send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value ?? '';
      const console = Buffer.from((await client((c) => new EC2Client(c), region).send(new GetConsoleOutputCommand({ InstanceId: o.InstanceId! }))).Output ?? '', 'base64').toString();
      const hostKey = /-----BEGIN SSH HOST KEY KEYS-----\n(\S+ \S+)/.exec(console)?.[1];
      assert.ok(hostKey, `${stack.StackName}: a host key in the console output`);
      const keyFile = join(dir, `${stack.StackName}.pem`);
      const knownHosts = join(dir, `${stack.StackName}.known_hosts`);
      writeFileSync(keyFile, key, { mode: 0o600 });
      writeFileSync(knownHosts, `[${o.SshHost}]:${demo!.standIns.ssh.port} ${hostKey}\n`);
      const ssh = spawnSync('ssh', ['-F', '/dev/null', '-i', keyFile, '-p', String(demo!.standIns.ssh.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHosts}`, `${o.SshUser}@${o.SshHost}`, 'echo demo-ok'], { encoding: 'utf8', timeout: 20000 });
      assert.equal(ssh.status, 0, `${stack.StackName}: ${ssh.stderr}`);
      assert.equal(ssh.stdout.trim(), 'demo-ok');
    }
  });

  it('answers QIDO-RS at every DicomWebUrl and serves a page at every WebUrl, all on loopback; Orthanc stacks over TLS with the certificate they publish', async () => {
    let overTls = 0;
    for (const { region, stack } of ours()) {
      const o = outputs(stack);
      const ssm = client((c) => new SSMClient(c), region);
      const parameter = async (name: string | undefined) => (name ? (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value : undefined);
      const ca = await parameter(o.TlsCaCertificateParameter);
      const fingerprint = await parameter(o.TlsFingerprintParameter);
      const isOrthanc = stack.Tags?.some((t) => t.Key === TAG_KIND && t.Value === 'orthanc');
      for (const url of [o.DicomWebUrl ? `${o.DicomWebUrl}?limit=1` : undefined, o.WebUrl].filter((u): u is string => u !== undefined)) {
        assert.match(new URL(url).hostname, /^127\./, url);
        if (isOrthanc) {
          assert.ok(ca && fingerprint, `${stack.StackName}: publishes its CA and fingerprint`);
          const answer = await httpsGet(url, ca);
          assert.equal(answer.status, 200, `${stack.StackName}: ${url}`);
          assert.equal(answer.fingerprint, fingerprint, `${stack.StackName}: serves the certificate it publishes`);
          overTls++;
        } else {
          assert.equal((await fetch(url)).status, 200, `${stack.StackName}: ${url}`);
        }
      }
    }
    assert.ok(overTls >= 4, `Orthanc stacks answered over TLS ${overTls} times`);
    assert.ok(ours().some(({ stack }) => stack.Tags?.some((t) => t.Value === 'mde') && outputs(stack).DicomWebUrl), 'MDE stacks can be sent DICOM');
  });

  it('Open Tator finds a site answering at the Tator stack\'s TatorUrl, on loopback', async () => {
    const tators = ours().filter(({ stack }) => stack.Tags?.some((t) => t.Key === TAG_KIND && t.Value === 'tator'));
    assert.ok(tators.length > 0, 'a demo Tator stack');
    for (const { stack } of tators) {
      const url = tatorUrl({ stackName: stack.StackName!, outputs: (stack.Outputs ?? []).map((o) => ({ key: o.OutputKey ?? '', value: o.OutputValue ?? '' })) });
      assert.equal(url.hostname, '127.0.0.1');
      assert.deepEqual(await probeTator(url), { ok: true, status: 302 }, `${stack.StackName}: ${url.href}`);
    }
  });

  it('Allow My IP opens every stack port to the address the fake reports, in the fake security group', async () => {
    const ip = await detectPublicIp({ endpoints: [`${fake!.url}/__fakeaws/checkip`] });
    assert.equal(ip, '127.0.0.1');
    const withGroup = ours().filter(({ stack }) => outputs(stack).SecurityGroupId);
    assert.ok(withGroup.length >= 3);
    for (const { region, stack } of withGroup) {
      const clients = { ec2: async (r: string) => new EC2Client({ region: r, endpoint: fake!.url, credentials }) } as unknown as Pick<AwsClients, 'ec2'>;
      const kind = stack.Tags?.find((t) => t.Key === TAG_KIND)?.Value;
      const target = await resolveIngressTarget(clients, { stackName: stack.StackName!, stackId: stack.StackId!, region, ...(kind ? { kind } : {}), outputs: outputs(stack) });
      const result = await allowMyIp(clients, target, { ip, who: 'demo' });
      assert.equal(result.cidr, '127.0.0.1/32');
      assert.deepEqual(result.added, target.ports, `${stack.StackName}: every port opened`);
      // A stack with an SSH host opens SSH too; STOW-RS (no SSH host: its load balancer's group) opens only 443.
      if (outputs(stack).SshHost) assert.ok(target.ports.some((p) => p.from === 22), `${stack.StackName}: SSH among them`);
      else assert.deepEqual(target.ports.map((p) => p.from), (outputs(stack).AllowMyIpPorts ?? '').split(',').map(Number), `${stack.StackName}: its AllowMyIpPorts`);
    }
  });
});
