import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindStoragePath } from '../../../../src/core/deploy/deployEnvironment';
import { isIssuedBy } from '../../../../src/core/pki/certificates';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';
import type { FakeAccount } from '../../../fakeaws/model';
import { runCliForTest } from '../../../support/runCliForTest';
import { buildStowrsService } from '../../../support/stowrsService';

const REGION = 'us-east-1';
const ROOT = join(__dirname, '..', '..', '..', '..');
const BUNDLE = join(ROOT, 'dist', 'stowrs-service.js');
const ACCOUNT: FakeAccount = { accountId: '111122223333', userName: 'stowrs-tester', regions: { [REGION]: { stacks: [] } } };

function pemOf(base64Der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${base64Der.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

describe('imaging-lab deploy stowrs (CLI through the deploy use case, fake AWS endpoint)', function () {
  this.timeout(60000);
  let fake: FakeAws;
  let data: string;
  const names = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  let saved: (string | undefined)[] = [];
  // The deploy stages dist/stowrs-service.js; a clean checkout has no dist/ until it is built.
  before(async () => {
    await buildStowrsService();
  });
  beforeEach(async () => {
    fake = await startFakeAws(ACCOUNT);
    data = mkdtempSync(join(tmpdir(), 'imaging-lab-cli-stowrs-'));
    saved = names.map((n) => process.env[n]);
    // The CLI's credential chain reads the process environment.
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' });
  });
  afterEach(async () => {
    names.forEach((n, i) => {
      if (saved[i] === undefined) delete process.env[n];
      else process.env[n] = saved[i];
    });
    await fake.close();
    rmSync(data, { recursive: true, force: true });
  });

  const deploy = (...extra: string[]) =>
    runCliForTest(['deploy', 'stowrs', '--stack-name', 'cli-stowrs', '--region', REGION, '--param', 'AllowedCidr=127.0.0.1/32', '--yes', ...extra], { AWS_ENDPOINT_URL: fake.url, XDG_DATA_HOME: data });

  it('with client certificates: stages the bundle under its digest, hands the stack the CA only, keeps the client key 0600', async () => {
    const run = await deploy('--param', 'TlsMode=generated-client-certificates', '--param', 'Prefix=in');
    assert.equal(run.code, 0, `${run.err}\n${run.out}`);
    const stack = fake.state.findStack(REGION, 'cli-stowrs');
    assert.ok(stack, 'the stack was created');
    const bundle = readFileSync(BUNDLE);
    const sha256 = createHash('sha256').update(bundle).digest('hex');
    assert.equal(stack.parameters.ServiceBundleSha256, sha256);
    assert.equal(stack.parameters.ServiceBundleKey, `stowrs/${sha256}/stowrs-service.js`);
    assert.equal(stack.parameters.ServiceBundleBucket, `imaging-lab-templates-111122223333-${REGION}`);
    const staged = fake.state.buckets.get(stack.parameters.ServiceBundleBucket)?.objects.get(stack.parameters.ServiceBundleKey);
    assert.ok(staged?.equals(bundle), 'the bundle the stack names is the shipped one, outside the expiring templates/ prefix');
    const dir = kindStoragePath(join(data, 'imaging-lab'), 'stowrs', REGION, 'cli-stowrs');
    for (const key of ['client.key', 'client-ca.key']) assert.equal(statSync(join(dir, key)).mode & 0o777, 0o600, key);
    const ca = pemOf(stack.parameters.ClientCaCertificate ?? '');
    assert.ok(isIssuedBy(readFileSync(join(dir, 'client.crt'), 'utf8'), ca));
    assert.doesNotMatch(JSON.stringify(stack.parameters), /PRIVATE KEY/);
    assert.match(run.err, /Generated a client CA/);
  });

  it('the CA made for a stack is kept for its next deploy or update; the default mode makes no CA', async () => {
    const first = await deploy('--param', 'TlsMode=generated-client-certificates');
    assert.equal(first.code, 0, first.err);
    const ca = fake.state.findStack(REGION, 'cli-stowrs')?.parameters.ClientCaCertificate;
    const again = await runCliForTest(
      ['deploy', 'stowrs', '--stack-name', 'cli-stowrs-2', '--region', REGION, '--param', 'AllowedCidr=127.0.0.1/32', '--yes'],
      { AWS_ENDPOINT_URL: fake.url, XDG_DATA_HOME: data },
    );
    assert.equal(again.code, 0, again.err);
    assert.equal(fake.state.findStack(REGION, 'cli-stowrs-2')?.parameters.ClientCaCertificate ?? '', '');
    const kept = await import('../../../../src/core/kinds/stowrs/clientCertificates');
    const made = await kept.ensureClientCertificates(kindStoragePath(join(data, 'imaging-lab'), 'stowrs', REGION, 'cli-stowrs'), 'cli-stowrs');
    assert.equal(made.generated, false);
    assert.equal(made.ca.certificatePem.replace(/-----[A-Z ]+-----|\s/g, ''), ca);
  });

  it('refuses a ClientCaCertificate given by hand in client-certificate mode, creating nothing', async () => {
    const run = await deploy('--param', 'TlsMode=generated-client-certificates', '--param', 'ClientCaCertificate=QUJD');
    assert.equal(run.code, 2, run.err);
    assert.match(run.err, /ClientCaCertificate is generated by Imaging Lab/);
    assert.equal(fake.state.findStack(REGION, 'cli-stowrs'), undefined);
  });
});
