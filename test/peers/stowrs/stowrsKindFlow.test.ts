import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients } from '../../../src/core/aws/clients';
import { kindStoragePath } from '../../../src/core/deploy/deployEnvironment';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { reportStoredInS3, receivedStudiesText } from '../../../src/core/kinds/stowrs/storedReport';
import { stowrsEndpoint } from '../../../src/core/kinds/stowrs/stowrsEndpoint';
import { browseStudies, browseStudy } from '../../../src/core/kinds/stowrs/receivedBrowse';
import { generateCertificateAuthority, issueCertificate } from '../../../src/core/pki/certificates';
import { listStacks } from '../../../src/core/stacks/listStacks';
import type { FakeAccount } from '../../fakeaws/model';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { runCliForTest } from '../../support/runCliForTest';
import { startS3Standin, S3RVER_CREDENTIALS, type S3Standin } from '../../support/s3Standin';
import { startStowrsService, type StowrsProcess } from '../../support/stowrsService';
import { freePort } from '../../support/orthanc';

const REGION = 'us-east-1';
const STACK = 'flow-stowrs';
const PREFIX = 'flow/in';
const FINGERPRINT_PARAMETER = `/imaging-lab/${STACK}/endpoint-fingerprint`;
const SAMPLES = join(__dirname, '..', '..', '..', 'media', 'samples');
const ACCOUNT: FakeAccount = { accountId: '111122223333', userName: 'stowrs-tester', regions: { [REGION]: { stacks: [] } } };

/**
 * The STOW-RS kind's core end to end without VS Code: the CLI deploys on the fake endpoint (a
 * planned stack whose outputs point here), the shipped service runs with the stack's client CA
 * against s3rver, and Send DICOM's endpoint (pin + client certificate), the send, the bucket check
 * and the received-studies listing run as the extension runs them.
 */
describe('STOW-RS kind flow: CLI deploy on the fake endpoint, then send, check and browse against the real service and s3rver', function () {
  this.timeout(180000);
  let fake: FakeAws;
  let s3: S3Standin;
  let service: StowrsProcess | undefined;
  let clients: AwsClients;
  let data: string;
  const names = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  const saved = names.map((n) => process.env[n]);

  before(async () => {
    fake = await startFakeAws(ACCOUNT);
    s3 = await startS3Standin({ bucket: 'imaging-lab-stowrs-flow' });
    data = mkdtempSync(join(tmpdir(), 'imaging-lab-stowrs-flow-'));
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' });
    clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
  });

  after(async () => {
    names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
    await service?.stop();
    await clients.dispose();
    await s3.stop();
    await fake.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('stores every sample at PREFIX/study/series/sop.dcm, refuses the send without the client certificate, and reads the bucket back', async () => {
    const post = async (path: string, body: unknown) => {
      const r = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(r.status, 200, await r.text());
    };
    await post('/__fakeaws/external-bucket', { bucket: s3.bucket, region: REGION, endpoint: s3.endpoint, ...S3RVER_CREDENTIALS });
    const endpointCa = await generateCertificateAuthority({ commonName: 'flow endpoint CA' });
    const server = await issueCertificate(endpointCa, { commonName: 'stowrs endpoint', usage: 'server', ipAddresses: ['127.0.0.1'] });
    const port = await freePort();
    await post('/__fakeaws/planned-stack', {
      region: REGION, stackName: STACK,
      outputs: { DicomWebUrl: `https://127.0.0.1:${port}/studies`, DicomBucket: s3.bucket, DicomPrefix: PREFIX, EndpointTlsMode: 'generated-client-certificates', EndpointFingerprintParameter: FINGERPRINT_PARAMETER },
      parameters: [{ name: FINGERPRINT_PARAMETER, value: server.fingerprintSha256 }],
    });
    const deploy = await runCliForTest(
      ['deploy', 'stowrs', '--stack-name', STACK, '--region', REGION, '--param', 'AllowedCidr=127.0.0.1/32', '--param', `Prefix=${PREFIX}`, '--param', 'TlsMode=generated-client-certificates', '--yes'],
      { AWS_ENDPOINT_URL: fake.url, XDG_DATA_HOME: data },
    );
    assert.equal(deploy.code, 0, deploy.err);
    const caBase64 = fake.state.findStack(REGION, STACK)?.parameters.ClientCaCertificate ?? '';
    const dir = join(data, 'service');
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text, { mode: 0o600 }), join(dir, name));
    service = await startStowrsService({
      s3, port,
      env: {
        PREFIX, TLSCERT: file('server.crt', server.certificatePem), TLSKEY: file('server.key', server.privateKeyPem),
        CLIENTCA: file('client-ca.pem', `-----BEGIN CERTIFICATE-----\n${caBase64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`),
      },
    });

    const stack = (await listStacks(clients, REGION)).find((s) => s.stackName === STACK);
    assert.ok(stack, 'the stack is listed');
    assert.equal(stack.kind, 'stowrs');
    const storage = kindStoragePath(join(data, 'imaging-lab'), 'stowrs', REGION, STACK);
    const endpoint = await stowrsEndpoint(clients, stack, storage);
    assert.equal(endpoint.pinSha256, server.fingerprintSha256);
    assert.ok(endpoint.certFile && endpoint.keyFile);
    const folders = readdirSync(SAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(SAMPLES, e.name));
    const scan = await scanDicom(folders);
    assert.ok(scan.instances.length > 0);

    const refused = await sendInstances(scan.instances, [], { endpoint: { ...endpoint, certFile: undefined, keyFile: undefined } as typeof endpoint, tuning: { maxAttempts: 1 } });
    assert.equal(refused.instances.filter((i) => i.fate === 'stored').length, 0, 'no certificate, nothing stored');
    assert.equal((await s3.objects()).size, 0);

    const sent = await sendInstances(scan.instances, [], { endpoint });
    assert.equal(sent.instances.filter((i) => i.fate === 'stored').length, scan.instances.length, JSON.stringify(sent.instances.map((i) => i.reason)));
    const keys = [...(await s3.objects(`${PREFIX}/`)).keys()].sort();
    assert.deepEqual(keys, scan.instances.map((i) => `${PREFIX}/${i.studyInstanceUid}/${i.seriesInstanceUid}/${i.sopInstanceUid}.dcm`).sort());

    const checked = await reportStoredInS3(clients, stack, sent);
    assert.equal(checked.ok, true, checked.text);
    assert.match(checked.summary, new RegExp(`all ${scan.instances.length} instance\\(s\\) are in s3://${s3.bucket}/${PREFIX}/`));
    await s3.client.send(new (await import('@aws-sdk/client-s3')).DeleteObjectCommand({ Bucket: s3.bucket, Key: keys[0] }));
    const afterDelete = await reportStoredInS3(clients, stack, sent);
    assert.equal(afterDelete.ok, false);
    assert.match(afterDelete.text, new RegExp(`MISSING ${keys[0]!.replace(/\./g, '\\.')}`));

    const browsed = await receivedStudiesText(clients, stack);
    assert.equal(browsed.listing.studies.reduce((n, s) => n + s.instanceCount, 0), scan.instances.length - 1);
    assert.match(browsed.text, /^Received by flow-stowrs: s3:\/\/imaging-lab-stowrs-flow\/flow\/in\/\n/);
  });

  it('imaging-lab send --stack: the CLI reaches the stack as the extension does (pin + the deploy\'s client certificate) and checks the bucket', async () => {
    assert.ok(service, 'the first test started the service');
    const env = { AWS_ENDPOINT_URL: fake.url, XDG_DATA_HOME: data };
    const folders = readdirSync(SAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(SAMPLES, e.name));
    const instances = (await scanDicom(folders)).instances;
    await s3.clear();

    const misuse = await runCliForTest(['send', '--stack', STACK, '--url', 'https://127.0.0.1:1/studies', ...folders], env);
    assert.equal(misuse.code, 2, misuse.err);
    assert.match(misuse.err, /--stack takes the target from the stack; leave out --url/);

    // Another machine (no client certificate in its data folder): refused before any byte is sent.
    const elsewhere = mkdtempSync(join(tmpdir(), 'imaging-lab-stowrs-other-'));
    try {
      const refused = await runCliForTest(['send', '--stack', STACK, '--region', REGION, ...folders], { ...env, XDG_DATA_HOME: elsewhere });
      assert.equal(refused.code, 1, refused.err);
      assert.match(refused.err, /accepts only clients with a certificate .* this machine has none for it/);
      assert.equal((await s3.objects()).size, 0);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }

    const run = await runCliForTest(['send', '--stack', STACK, '--region', REGION, ...folders], env);
    assert.equal(run.code, 0, `${run.err}\n${run.out}`);
    assert.match(run.err, new RegExp(`Sending to ${STACK} \\(https://127\\.0\\.0\\.1:\\d+/studies\\), certificate pinned, with its client certificate`));
    assert.match(run.err, new RegExp(`all ${instances.length} instance\\(s\\) are in s3://${s3.bucket}/${PREFIX}/`));
    const keys = [...(await s3.objects(`${PREFIX}/`)).keys()].sort();
    assert.deepEqual(keys, instances.map((i) => `${PREFIX}/${i.studyInstanceUid}/${i.seriesInstanceUid}/${i.sopInstanceUid}.dcm`).sort());

    // The tree's first level through the fake endpoint (Delimiter '/' over what s3rver holds): one entry per study.
    const stack = (await listStacks(clients, REGION)).find((s) => s.stackName === STACK)!;
    const studies = await browseStudies(await clients.s3(REGION), stack);
    assert.deepEqual(studies, { studies: [...new Set(instances.map((i) => i.studyInstanceUid))].sort(), otherEntries: 0, truncated: false });
    const first = await browseStudy(await clients.s3(REGION), stack, studies.studies[0]!);
    const expected = instances.filter((i) => i.studyInstanceUid === studies.studies[0]);
    assert.equal(first.series.reduce((n, s) => n + s.instances.length, 0), expected.length);
  });
});
