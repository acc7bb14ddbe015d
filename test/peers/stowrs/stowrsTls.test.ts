import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { generateCertificateAuthority, issueCertificate } from '../../../src/core/pki/certificates';
import { writeKeyMaterial, type KeyMaterialFiles } from '../../../src/core/pki/keyMaterialFiles';
import { requireTool } from '../../support/requireTool';
import { startS3Standin, type S3Standin } from '../../support/s3Standin';
import { startStowrsService, type StowrsProcess } from '../../support/stowrsService';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';
import { curl, instance, multipart, RELATED } from './stowrsBodies';

const run = promisify(execFile);

interface Pki {
  /** Stands in for the endpoint's own certificate (on the instance it is generated at first boot). */
  readonly serverCa: KeyMaterialFiles;
  readonly server: KeyMaterialFiles;
  /** The CA the extension generates for client certificates, and a client certificate it issued. */
  readonly clientCa: KeyMaterialFiles;
  readonly client: KeyMaterialFiles;
  /** A client certificate from a CA the service does not trust. */
  readonly stranger: KeyMaterialFiles;
}

async function makePki(dir: string): Promise<Pki> {
  const [serverCa, clientCa, otherCa] = await Promise.all([
    generateCertificateAuthority({ commonName: 'STOW-RS endpoint test CA' }),
    generateCertificateAuthority({ commonName: 'Imaging Lab STOW-RS clients' }),
    generateCertificateAuthority({ commonName: 'Someone else' }),
  ]);
  const [server, client, stranger] = await Promise.all([
    issueCertificate(serverCa, { commonName: 'stowrs endpoint', usage: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] }),
    issueCertificate(clientCa, { commonName: 'imaging-lab-client', usage: 'client' }),
    issueCertificate(otherCa, { commonName: 'stranger', usage: 'client' }),
  ]);
  return {
    serverCa: await writeKeyMaterial(dir, 'server-ca', serverCa),
    server: await writeKeyMaterial(dir, 'server', server),
    clientCa: await writeKeyMaterial(dir, 'client-ca', clientCa),
    client: await writeKeyMaterial(dir, 'client', client),
    stranger: await writeKeyMaterial(dir, 'stranger', stranger),
  };
}

/** curl that is expected to fail: resolves with its exit code and message. */
async function curlFails(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(requireTool('curl', 'curl'), ['-sS', '--max-time', '30', ...args]);
  } catch (error) {
    const e = error as { code?: number; stderr?: string };
    return { code: e.code ?? -1, stderr: e.stderr ?? '' };
  }
  throw new Error('curl succeeded where it had to fail');
}

describe('STOW-RS-to-S3 service over TLS and mutual TLS (certificates from src/core/pki)', function () {
  this.timeout(180_000);
  let s3: S3Standin;
  let dir: string;
  let pki: Pki;
  let body: string;
  before(async () => {
    s3 = await startS3Standin();
    dir = await mkdtemp(join(tmpdir(), 'stowrs-tls-'));
    pki = await makePki(join(dir, 'pki'));
    body = join(dir, 'body.bin');
    await writeFile(body, multipart('tls', [instance('tls/curl').bytes]));
    await writeSyntheticSeries(join(dir, 'series'), 'stowrs/tls', 6);
  });
  after(async () => {
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => s3.clear());

  describe('server certificate only', () => {
    let service: StowrsProcess;
    before(async () => {
      service = await startStowrsService({ s3, env: { TLSCERT: pki.server.certificateFile, TLSKEY: pki.server.keyFile } });
    });
    after(async () => service?.stop());

    it('stores over HTTPS from the Imaging Lab client trusting the endpoint CA, and from curl', async () => {
      assert.match(service.base, /^https:/);
      const scan = await scanDicom([join(dir, 'series')]);
      const report = await sendInstances(scan.instances, [], { endpoint: { url: `${service.base}/studies`, caFile: pki.serverCa.certificateFile } });
      assert.ok(report.instances.every((i) => i.fate === 'stored'), report.instances[0]?.reason);
      const res = await curl(['--cacert', pki.serverCa.certificateFile, '-H', `Content-Type: ${RELATED('tls')}`, '--data-binary', `@${body}`, `${service.base}/studies`]);
      assert.equal(res.status, 200, res.body);
      assert.equal((await s3.objects()).size, 7);
    });

    it('is not trusted by a client that does not know its CA (verification stays on)', async () => {
      const refused = await curlFails(['-H', `Content-Type: ${RELATED('tls')}`, '--data-binary', `@${body}`, `${service.base}/studies`]);
      assert.equal(refused.code, 60, refused.stderr);
      assert.equal((await s3.objects()).size, 0);
    });
  });

  describe('client certificates required (the CA the extension generated)', () => {
    let service: StowrsProcess;
    before(async () => {
      service = await startStowrsService({
        s3,
        env: { TLSCERT: pki.server.certificateFile, TLSKEY: pki.server.keyFile, CLIENTCA: pki.clientCa.certificateFile, HEALTHPORT: '0' },
      });
    });
    after(async () => service?.stop());

    it('refuses a client without a certificate at the TLS handshake, storing nothing', async () => {
      const scan = await scanDicom([join(dir, 'series')]);
      const report = await sendInstances(scan.instances, [], {
        endpoint: { url: service.base, caFile: pki.serverCa.certificateFile },
        tuning: { maxAttempts: 1 },
      });
      assert.deepEqual(new Set(report.instances.map((i) => i.fate)), new Set(['failed']));
      const refused = await curlFails(['--cacert', pki.serverCa.certificateFile, '-H', `Content-Type: ${RELATED('tls')}`, '--data-binary', `@${body}`, `${service.base}/studies`]);
      assert.ok([35, 52, 56].includes(refused.code), `curl exit ${refused.code}: ${refused.stderr}`);
      assert.equal((await s3.objects()).size, 0);
      await service.waitForLog((l) => l.event === 'tls-refused');
    });

    it('refuses a client certificate from another CA', async () => {
      const refused = await curlFails([
        '--cacert', pki.serverCa.certificateFile, '--cert', pki.stranger.certificateFile, '--key', pki.stranger.keyFile,
        '-H', `Content-Type: ${RELATED('tls')}`, '--data-binary', `@${body}`, `${service.base}/studies`,
      ]);
      // TLS 1.3 checks the client certificate after the client's side of the handshake: curl sees the connection dropped.
      assert.ok([35, 52, 56].includes(refused.code), `curl exit ${refused.code}: ${refused.stderr}`);
      assert.equal((await s3.objects()).size, 0);
    });

    it('stores from the Imaging Lab client and curl presenting the issued certificate, and logs who sent it', async () => {
      const scan = await scanDicom([join(dir, 'series')]);
      const report = await sendInstances(scan.instances, [], {
        endpoint: { url: service.base, caFile: pki.serverCa.certificateFile, certFile: pki.client.certificateFile, keyFile: pki.client.keyFile },
      });
      assert.ok(report.instances.every((i) => i.fate === 'stored'), report.instances[0]?.reason);
      const res = await curl([
        '--cacert', pki.serverCa.certificateFile, '--cert', pki.client.certificateFile, '--key', pki.client.keyFile,
        '-H', `Content-Type: ${RELATED('tls')}`, '--data-binary', `@${body}`, `${service.base}/studies`,
      ]);
      assert.equal(res.status, 200, res.body);
      assert.equal((await s3.objects()).size, 7);
      const access = service.logs().filter((l) => l.event === 'request' && l.status === 200);
      assert.ok(access.length >= 2 && access.every((l) => l.clientCert === 'imaging-lab-client'), JSON.stringify(access));
    });

    it('keeps the plain health port open for load-balancer checks, which cannot present a certificate', async () => {
      const health = await curl([`http://127.0.0.1:${service.healthPort}/health`]);
      assert.equal(health.status, 200);
    });
  });
});
