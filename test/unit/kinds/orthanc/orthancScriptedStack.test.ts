import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients } from '../../../../src/core/aws/clients';
import { kindActions } from '../../../../src/core/kinds/kindActions';
import { orthancSendEndpoint } from '../../../../src/core/kinds/orthanc/orthancEndpoint';
import { orthancDicomTlsSettings } from '../../../../src/core/kinds/orthanc/orthancTrustFiles';
import { describeStack } from '../../../../src/core/ssh/describeStack';
import { scriptedAccount } from '../../../fakeaws/scriptedAccount';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';

/** The scripted account's Orthanc stack, read by the Orthanc actions through real SDK clients at the fake endpoint. */
describe('Orthanc actions against the scripted account on the fake AWS endpoint', () => {
  let fake: FakeAws;
  let clients: AwsClients;
  let saved: string | undefined;
  before(async () => {
    fake = await startFakeAws(scriptedAccount());
    saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
  });
  after(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await clients.dispose();
    await fake.close();
  });

  it('offers the Orthanc actions; Send DICOM pins the published fingerprint (a parameter among the stack resources) with the stack secret', async () => {
    const stack = await describeStack(clients, 'eu-west-1', 'orthanc-pacs');
    assert.equal(stack.kind, 'orthanc');
    assert.deepEqual(kindActions(stack), ['openOrthanc', 'showDicomTlsSettings']);
    const endpoint = await orthancSendEndpoint(clients, stack);
    assert.match(endpoint.pinSha256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.deepEqual(endpoint.auth, { kind: 'basic', username: 'admin', password: 'scripted-not-a-secret' });
    assert.equal(endpoint.url, 'https://127.0.0.1:9/dicom-web/studies');
  });

  it('DICOM-TLS settings wait for the CA the instance has not published yet, and write nothing', async () => {
    const stack = await describeStack(clients, 'eu-west-1', 'orthanc-pacs');
    const dir = mkdtempSync(join(tmpdir(), 'orthanc-pacs-'));
    try {
      await assert.rejects(orthancDicomTlsSettings(clients, stack, join(dir, 'orthanc')), /has not published its CA certificate yet/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
