import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeAccount } from '../../../fakeaws/model';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';
import { generateCertificateAuthority, issueCertificate } from '../../../../src/core/pki/certificates';
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

  it('creates the stack (with --yes) tagged orthanc with the defaults, follows it to CREATE_COMPLETE and prints the outputs', async () => {
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

  it('imaging-lab orthanc-settings: a planned stack deployed by the CLI prints its DICOM-TLS settings, saves the published CA and the pinned send line', async () => {
    const ca = await generateCertificateAuthority({ commonName: 'Orthanc CLI test CA' });
    const server = await issueCertificate(ca, { commonName: 'orthanc', usage: 'server', ipAddresses: ['127.0.0.1'] });
    const planned = await fetch(`${fake.url}/__fakeaws/planned-stack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        region: REGION,
        stackName: 'orthanc-planned',
        outputs: { DicomWebUrl: 'https://127.0.0.1:8443/dicom-web/studies', DicomHost: '127.0.0.1', DicomPort: '11112', DicomAeTitle: 'ORTHANC', TlsFingerprintParameter: '/orthanc-planned/fp', TlsCaCertificateParameter: '/orthanc-planned/ca', DicomWebCredentialsSecret: 'orthanc-planned/admin' },
        parameters: [{ name: '/orthanc-planned/fp', value: server.fingerprintSha256 }, { name: '/orthanc-planned/ca', value: ca.certificatePem }],
      }),
    });
    assert.equal(planned.status, 200, await planned.text());
    const deployed = await runCliForTest(['deploy', 'orthanc', '--stack-name', 'orthanc-planned', '--region', REGION, '--param', 'WebCidr=127.0.0.1/32', '--param', 'DicomCidr=127.0.0.1/32', '--yes'], env());
    assert.equal(deployed.code, 0, deployed.out + deployed.err);
    const result = await runCliForTest(['orthanc-settings', 'orthanc-planned', '--region', REGION], env());
    assert.equal(result.code, 0, result.out + result.err);
    const caFile = join(home, 'imaging-lab', 'orthanc', 'orthanc-planned-ca.crt');
    assert.match(result.out, /Port: {12}11112\n/);
    assert.ok(result.out.includes(`Trust:           the CA certificate in ${caFile}`), result.out);
    assert.ok(result.out.includes(`--url https://127.0.0.1:8443/dicom-web/studies --pin-sha256 ${server.fingerprintSha256} `), result.out);
    assert.equal(readFileSync(caFile, 'utf8').trim(), ca.certificatePem.trim());
    const notOrthanc = await runCliForTest(['orthanc-settings', 'nope', '--region', REGION], env());
    assert.equal(notOrthanc.code, 1, notOrthanc.out + notOrthanc.err);
  });
});
