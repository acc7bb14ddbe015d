import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeAccount } from '../../../fakeaws/model';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';
import { runCliForTest } from '../../../support/runCliForTest';

const REGION = 'us-east-1';
const ENV_KEYS = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

function emptyAccount(): FakeAccount {
  return { accountId: '111122223333', userName: 'pacs-admin', pageSize: 5, operationDurationMs: 1500, regions: { [REGION]: { stacks: [] } } };
}

describe('imaging-lab deploy orthanc (CLI → core deploy use case → the fake AWS endpoint)', function () {
  this.timeout(120000);
  let fake: FakeAws;
  let home: string;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  before(async () => {
    fake = await startFakeAws(emptyAccount());
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' });
    home = mkdtempSync(join(tmpdir(), 'orthanc-cli-'));
  });

  after(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await fake.close();
    rmSync(home, { recursive: true, force: true });
  });

  const env = () => ({ AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', XDG_DATA_HOME: home });

  // Both ranges are given in these tests: a left-out one is looked up on checkip.amazonaws.com.
  it('refuses a web range open to the world (0.0.0.0/0) before creating anything', async () => {
    const result = await runCliForTest(['deploy', 'orthanc', '--stack-name', 'orthanc-cli', '--region', REGION, '--param', 'WebCidr=0.0.0.0/0', '--param', 'DicomCidr=127.0.0.1/32', '--yes'], env());
    assert.equal(result.code, 2, result.out + result.err);
    assert.match(result.err, /nothing was created:\n {2}Web and SSH source range \(CIDR\): must be an IPv4 CIDR between \/16 and \/32/);
    assert.equal(fake.state.findStack(REGION, 'orthanc-cli'), undefined, 'nothing created');
  });

  it('stages the 68 KB template in S3 (with --yes), creates the stack tagged orthanc with the defaults, follows it to CREATE_COMPLETE and prints the outputs', async () => {
    const result = await runCliForTest(
      ['deploy', 'orthanc', '--stack-name', 'orthanc-cli', '--region', REGION, '--param', 'WebCidr=127.0.0.1/32', '--param', 'DicomCidr=127.0.0.1/32', '--yes'],
      env(),
    );
    assert.equal(result.code, 0, result.out + result.err);
    const stack = fake.state.findStack(REGION, 'orthanc-cli');
    assert.ok(stack, 'the stack exists on the fake endpoint');
    assert.equal(stack.tags['imaging-lab:kind'], 'orthanc');
    assert.equal(stack.parameters.Profile ?? 'evaluation', 'evaluation');
    assert.equal(stack.parameters.WebCidr, '127.0.0.1/32');
    assert.equal(fake.state.status(stack), 'CREATE_COMPLETE');
    for (const output of ['DicomWebUrl', 'TlsFingerprintParameter', 'DicomWebCredentialsSecret']) assert.match(result.out, new RegExp(output), `${output} printed`);
  });
});
