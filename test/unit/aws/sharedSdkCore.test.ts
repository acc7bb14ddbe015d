import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { SCRIPTED_ACCOUNT_ID, scriptedAccount } from '../../fakeaws/scriptedAccount';

const root = resolve(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { allBuilds } = require(join(root, 'esbuild.js')) as { allBuilds: () => Promise<BuildOptions[]> };

type ClientClass = new (config: object) => { send(command: unknown): Promise<Record<string, unknown>>; destroy(): void };
type Bundle = Record<string, unknown>;

/** The AWS vendor bundles as esbuild.js builds them, in a temporary dist/. */
async function buildAwsBundles(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'il-sdk-core-'));
  const aws = (await allBuilds()).filter((b) => (b.outfile ?? JSON.stringify(b.entryPoints)).includes('aws-'));
  await Promise.all(
    aws.map((b) => build({ ...b, ...(b.outfile ? { outfile: join(out, relative('dist', b.outfile)) } : { outdir: out }), absWorkingDir: root, logLevel: 'error' })),
  );
  return join(out, 'vendor');
}

describe('AWS vendor bundles share one SDK core', () => {
  let vendor: string;
  let fake: FakeAws;
  let load: (file: string) => Bundle;

  before(async function () {
    this.timeout(120_000);
    vendor = await buildAwsBundles();
    load = (file) => createRequire(join(vendor, 'index.js'))(`./${file}`) as Bundle;
    fake = await startFakeAws(scriptedAccount());
  });
  after(async () => {
    await fake?.close();
  });

  it('keeps the SDK core in aws-core.js and out of every client bundle', () => {
    const files = readdirSync(vendor).filter((f) => f.startsWith('aws-'));
    assert.ok(files.includes('aws-core.js'));
    const clients = files.filter((f) => f !== 'aws-core.js');
    assert.ok(clients.length >= 8, `client bundles: ${clients.join(', ')}`);
    // A marker of the Smithy signer: it is defined once, in the core.
    const marker = 'AWS4-HMAC-SHA256';
    assert.ok(readFileSync(join(vendor, 'aws-core.js'), 'utf8').includes(marker));
    for (const f of clients) {
      const text = readFileSync(join(vendor, f), 'utf8');
      assert.ok(!text.includes(marker), `${f} carries its own copy of the signer`);
      assert.ok(text.includes('require("./aws-core.js")'), `${f} does not use the shared core`);
    }
  });

  it('gives two clients the same runtime classes, so a second client adds only its own code', () => {
    const { STSClient } = load('aws-client-sts.js') as { STSClient: ClientClass };
    const { CloudFormationClient } = load('aws-client-cloudformation.js') as { CloudFormationClient: ClientClass };
    const base = Object.getPrototypeOf(STSClient);
    assert.notEqual(base, Function.prototype);
    assert.equal(Object.getPrototypeOf(CloudFormationClient), base);
  });

  it('signs and sends real calls through the shared core (STS, CloudFormation, EC2, SSM against the fake endpoint)', async () => {
    const config = { region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }, maxAttempts: 1 };
    const call = async (file: string, client: string, command: string, input: object) => {
      const bundle = load(file);
      const c = new (bundle[client] as ClientClass)(config);
      try {
        return await c.send(new (bundle[command] as new (input: object) => unknown)(input));
      } finally {
        c.destroy();
      }
    };
    assert.equal((await call('aws-client-sts.js', 'STSClient', 'GetCallerIdentityCommand', {})).Account, SCRIPTED_ACCOUNT_ID);
    const stacks = (await call('aws-client-cloudformation.js', 'CloudFormationClient', 'DescribeStacksCommand', {})).Stacks as unknown[];
    assert.ok(stacks.length > 0);
    assert.ok(Array.isArray((await call('aws-client-ec2.js', 'EC2Client', 'DescribeInstancesCommand', {})).Reservations));
    await assert.rejects(call('aws-client-ssm.js', 'SSMClient', 'GetParameterCommand', { Name: '/no/such/parameter' }), { name: 'ParameterNotFound' });
    assert.deepEqual(
      fake.requests.map((r) => `${r.service}:${r.action}`),
      ['sts:GetCallerIdentity', 'cloudformation:DescribeStacks', 'ec2:DescribeInstances', 'ssm:GetParameter'],
    );
  });

  it('resolves credentials through the shared chain (credential-providers bundle)', async () => {
    const { fromNodeProviderChain } = load('aws-credential-providers.js') as { fromNodeProviderChain: () => () => Promise<{ accessKeyId: string }> };
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIAFROMENVIRONMENT0', AWS_SECRET_ACCESS_KEY: 'from-environment' });
    try {
      assert.equal((await fromNodeProviderChain()()).accessKeyId, 'AKIAFROMENVIRONMENT0');
    } finally {
      process.env = saved;
    }
  });
});
