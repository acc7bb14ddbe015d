import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { scanDicom, type ScanResult } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { checkServedCertificate, parsePublishedCa, parsePublishedFingerprint } from '../../../src/core/kinds/orthanc/publishedCertificate';
import { requireTool } from '../../support/requireTool';
import { startOrthancStandIn, type OrthancProfile, type OrthancStandIn } from '../../support/orthancStandIn';

const run = promisify(execFile);
const SAMPLES = resolve(__dirname, '..', '..', '..', 'media', 'samples');

/** The served certificate's SHA-256 fingerprint as openssl prints it (`openssl x509 -fingerprint -sha256`). */
async function servedFingerprint(port: number): Promise<string> {
  const { stdout } = await run('bash', ['-c', 'openssl s_client -connect "127.0.0.1:$0" -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256', String(port)], { timeout: 30_000 });
  return stdout.trim().replace(/^.*=/, '');
}

/** The DER certificate a server presents, whatever it is. */
function servedCertificate(port: number): Promise<Buffer> {
  return new Promise((resolveCert, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.destroy();
      resolveCert(raw);
    });
    socket.once('error', reject);
  });
}

/** A TLS client that pins the server certificate by fingerprint (as the extension will) instead of trusting a CA. */
function pinnedConnect(port: number, pin: string): Promise<string> {
  return new Promise((resolvePin, reject) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    socket.once('secureConnect', () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      socket.destroy();
      if (seen === pin) resolvePin(seen);
      else reject(new Error(`certificate fingerprint ${seen} does not match the pinned ${pin}`));
    });
    socket.once('error', reject);
  });
}

/** GET over HTTPS trusting only the stand-in's CA; the body as bytes. */
function httpsBytes(url: string, ca: Buffer, auth: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolveGet, reject) => {
    httpsGet(url, { ca, auth, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveGet({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).once('error', reject);
  });
}

async function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(requireTool('curl', 'curl'), args, { timeout: 60_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }));
}

async function echoscu(args: string[]): Promise<{ code: number; output: string }> {
  return run(requireTool('echoscu', 'dcmtk'), args, { timeout: 60_000 })
    .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
    .catch((error: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }));
}

function describeProfile(profile: OrthancProfile): void {
  describe(`Orthanc instance configuration, ${profile} profile (Debian nginx + Orthanc on the template's own files)`, function () {
    this.timeout(180_000);
    let standIn: OrthancStandIn;
    let scan: ScanResult;
    let work: string;
    let otherCa: string;
    const basic = () => ({ kind: 'basic' as const, username: standIn.username, password: standIn.password });

    before(async () => {
      standIn = await startOrthancStandIn({ profile });
      scan = await scanDicom([SAMPLES]);
      work = await mkdtemp(join(tmpdir(), 'orthanc-peer-'));
      // A second certificate made by the same script: valid, but not this server's.
      const other = await run('bash', [join(standIn.bundleDir, 'make-certificate.sh'), join(work, 'other'), '127.0.0.1', 'IP:127.0.0.1', 'DNS:localhost']);
      assert.match(other.stdout.trim(), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      otherCa = join(work, 'other', 'ca.crt');
    });
    after(async () => {
      await standIn?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('serves the certificate made by make-certificate.sh on both ports; the published fingerprint is that of the served certificate', async () => {
      assert.match(standIn.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      for (const port of [standIn.httpsPort, standIn.dicomTlsPort]) {
        assert.equal(await servedFingerprint(port), standIn.fingerprint, `port ${port}`);
        assert.equal(await pinnedConnect(port, standIn.fingerprint), standIn.fingerprint);
      }
      const { stdout } = await run('openssl', ['verify', '-CAfile', standIn.caFile, standIn.serverCertFile]);
      assert.match(stdout, /OK$/m);
      // What the extension will do with the two published parameters and the certificate it is served.
      const published = parsePublishedFingerprint(`${standIn.fingerprint}\n`);
      const ca = parsePublishedCa(await readFile(standIn.caFile, 'utf8'));
      assert.ok(published.state === 'published' && ca.state === 'published');
      const served = await servedCertificate(standIn.httpsPort);
      assert.deepEqual(checkServedCertificate(served, published.sha256, ca.pem), { matches: true, issuedByCa: true, sha256: standIn.fingerprint });
    });

    it('stores media/samples through nginx over TLS with basic auth using the STOW-RS client (trusting the generated CA)', async () => {
      await standIn.clear();
      const report = await sendInstances(scan.instances, scan.skipped, { endpoint: { url: standIn.dicomWebUrl, auth: basic(), caFile: standIn.caFile } });
      assert.deepEqual(report.instances.map((i) => `${i.fate} ${i.reason ?? ''}`.trim()), scan.instances.map(() => 'stored'));
      assert.deepEqual(report.securityWarnings, []);
      assert.deepEqual(await standIn.storedSopInstanceUids(), new Set(scan.instances.map((i) => i.sopInstanceUid)));
    });

    it('reads every instance back through nginx byte for byte', async () => {
      const ca = await readFile(standIn.caFile);
      const ids = await standIn.rest<{ ID: string; MainDicomTags: { SOPInstanceUID: string } }[]>('/instances?expand');
      assert.equal(ids.length, scan.instances.length);
      for (const instance of scan.instances) {
        const id = ids.find((i) => i.MainDicomTags.SOPInstanceUID === instance.sopInstanceUid)!.ID;
        const { status, body } = await httpsBytes(`${standIn.httpsOrigin}/instances/${id}/file`, ca, `${standIn.username}:${standIn.password}`);
        assert.equal(status, 200);
        const original = await readFile(instance.path);
        assert.equal(createHash('sha256').update(body).digest('hex'), createHash('sha256').update(original).digest('hex'), instance.path);
      }
    });

    it('stores with curl too (STOW-RS multipart, --cacert, basic auth)', async () => {
      await standIn.clear();
      const sample = scan.instances[0]!;
      const boundary = 'imaging-lab-curl-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
        await readFile(sample.path),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      await writeFile(join(work, 'stow.multipart'), body);
      const result = await curl([
        '-sS', '-o', join(work, 'stow.json'), '-w', '%{http_code}', '--cacert', standIn.caFile, '-u', `${standIn.username}:${standIn.password}`,
        '-H', `Content-Type: multipart/related; type="application/dicom"; boundary=${boundary}`, '-H', 'Accept: application/dicom+json',
        '--data-binary', `@${join(work, 'stow.multipart')}`, standIn.dicomWebUrl,
      ]);
      assert.equal(result.stdout, '200', result.stderr);
      const response = JSON.parse(await readFile(join(work, 'stow.json'), 'utf8')) as Record<string, { Value?: unknown[] }>;
      // ReferencedSOPSequence (0008,1199) lists the stored instance; its RetrieveURL points back through nginx.
      assert.equal(response['00081199']?.Value?.length, 1);
      assert.ok(JSON.stringify(response).includes(`https://127.0.0.1:${standIn.httpsPort}/dicom-web/studies/`), JSON.stringify(response).slice(0, 400));
      assert.deepEqual(await standIn.storedSopInstanceUids(), new Set([sample.sopInstanceUid]));
    });

    it('answers a DICOM-TLS echo on 11112 (dcmtk echoscu, anonymous TLS trusting the generated CA)', async () => {
      const result = await echoscu(['+tla', '+cf', standIn.caFile, '-aec', 'ORTHANC', '-aet', 'IMAGINGLAB', '127.0.0.1', String(standIn.dicomTlsPort)]);
      assert.equal(result.code, 0, result.output);
    });

    it("passes the installer's health check (HTTPS /changes, DICOMweb, DICOM-TLS association), which fails without Orthanc", async () => {
      const args = [String(standIn.httpsPort), String(standIn.dicomTlsPort), standIn.caFile, standIn.username, standIn.password];
      const check = 'stack_is_healthy 127.0.0.1 "$1" "$2" "$3" "$4" "$5"';
      assert.equal((await standIn.bash(check, args)).code, 0);
      assert.equal((await standIn.bash(`dicom_tls_reply 127.0.0.1 "$2" "$3" 127.0.0.1 ORTHANC`, args)).stdout, '02');
      // Orthanc checks the called AE title: a wrong one is rejected (A-ASSOCIATE-RJ).
      assert.equal((await standIn.bash(`dicom_tls_reply 127.0.0.1 "$2" "$3" 127.0.0.1 NOT-ORTHANC`, args)).stdout, '03');
      assert.notEqual((await standIn.bash(check, [...args.slice(0, 4), 'wrong-password'])).code, 0);
      assert.notEqual((await standIn.bash(check, [args[0]!, args[1]!, otherCa, args[3]!, args[4]!])).code, 0);
      await standIn.stopOrthanc();
      try {
        assert.notEqual((await standIn.bash(check, args)).code, 0, 'healthy without Orthanc');
      } finally {
        await standIn.startOrthanc();
      }
      assert.equal((await standIn.bash(check, args)).code, 0);
    });

    describe('refusals', () => {
      it('a wrong password: the STOW-RS client and curl get 401 and nothing is stored', async () => {
        await standIn.clear();
        const report = await sendInstances(scan.instances, [], {
          endpoint: { url: standIn.dicomWebUrl, auth: { ...basic(), password: 'not-the-password' }, caFile: standIn.caFile },
          tuning: { maxAttempts: 1 },
        });
        assert.ok(report.instances.every((i) => i.fate === 'failed' && /401|credentials|authori[sz]/i.test(i.reason ?? '')), report.instances[0]?.reason);
        const result = await curl(['-sS', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', standIn.caFile, '-u', `${standIn.username}:wrong`, `${standIn.httpsOrigin}/system`]);
        assert.equal(result.stdout, '401');
        assert.equal((await standIn.storedSopInstanceUids()).size, 0);
      });

      it('a wrong certificate: trusting another CA (or none) fails TLS for the client, curl and echoscu; a wrong pin is refused', async () => {
        await standIn.clear();
        for (const caFile of [otherCa, undefined]) {
          const report = await sendInstances(scan.instances, [], { endpoint: { url: standIn.dicomWebUrl, auth: basic(), ...(caFile ? { caFile } : {}) } });
          assert.ok(report.instances.every((i) => i.fate === 'failed' && /not trusted|certificate/i.test(i.reason ?? '')), report.instances[0]?.reason);
        }
        const result = await curl(['-sS', '-o', '/dev/null', '--cacert', otherCa, '-u', `${standIn.username}:${standIn.password}`, `${standIn.httpsOrigin}/system`]);
        assert.equal(result.code, 60, result.stderr); // curl: peer certificate cannot be authenticated
        const echo = await echoscu(['+tla', '+cf', otherCa, '-aec', 'ORTHANC', '127.0.0.1', String(standIn.dicomTlsPort)]);
        assert.notEqual(echo.code, 0, echo.output);
        const wrongPin = (await run('bash', ['-c', 'openssl x509 -in "$0" -noout -fingerprint -sha256', join(work, 'other', 'server.crt')])).stdout.trim().replace(/^.*=/, '');
        await assert.rejects(pinnedConnect(standIn.httpsPort, wrongPin), /does not match the pinned/);
        assert.equal((await standIn.storedSopInstanceUids()).size, 0);
      });

      it('plain HTTP and plain DICOM: nginx answers 400 on the HTTPS port, Orthanc sees nothing, a plain echo fails', async () => {
        await standIn.clear();
        const response = await fetch(`http://127.0.0.1:${standIn.httpsPort}/dicom-web/studies`, { headers: { Authorization: `Basic ${Buffer.from(`${standIn.username}:${standIn.password}`).toString('base64')}` } });
        assert.equal(response.status, 400);
        assert.match(await response.text(), /plain HTTP request was sent to HTTPS port/);
        const report = await sendInstances(scan.instances, [], { endpoint: { url: `http://127.0.0.1:${standIn.httpsPort}/dicom-web/studies`, auth: basic() }, tuning: { maxAttempts: 1 } });
        assert.ok(report.instances.every((i) => i.fate === 'failed'));
        const echo = await echoscu(['-aec', 'ORTHANC', '127.0.0.1', String(standIn.dicomTlsPort)]);
        assert.notEqual(echo.code, 0, echo.output);
        assert.equal((await standIn.storedSopInstanceUids()).size, 0);
      });
    });

    if (profile === 'production') {
      it('keeps the index in PostgreSQL, connected over TLS (the server accepts TLS only)', async () => {
        await standIn.clear();
        await sendInstances(scan.instances, [], { endpoint: { url: standIn.dicomWebUrl, auth: basic(), caFile: standIn.caFile } });
        const pg = standIn.postgres!;
        const system = await standIn.rest<{ DatabaseBackendPlugin: string | null }>('/system');
        assert.match(system.DatabaseBackendPlugin ?? '', /PostgreSQLIndex/);
        // Orthanc's resource types: 3 = instance.
        assert.equal(await pg.sql('SELECT count(*) FROM resources WHERE resourcetype = 3', 'orthanc'), String(scan.instances.length));
        const sessions = await pg.sql(`SELECT count(*), bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'orthanc'`);
        const [count, allSsl] = sessions.split('|');
        assert.ok(Number(count) >= 1, sessions);
        assert.equal(allSsl, 't', 'every Orthanc connection uses TLS');
      });
    } else {
      it("keeps the index in SQLite in the index directory (the instance's encrypted data volume)", async () => {
        await standIn.clear();
        await sendInstances(scan.instances, [], { endpoint: { url: standIn.dicomWebUrl, auth: basic(), caFile: standIn.caFile } });
        const system = await standIn.rest<{ DatabaseBackendPlugin: string | null }>('/system');
        assert.equal(system.DatabaseBackendPlugin, null);
        assert.ok((await readdir(standIn.indexDir)).includes('index'), 'SQLite index file');
        assert.ok((await readdir(standIn.storageDir)).length > 0, 'stored files (the stand-in for the S3 plugin)');
      });
    }
  });
}

describe('Orthanc instance files rendered with the instance settings', function () {
  this.timeout(120_000);
  let standIn: OrthancStandIn;
  let out: string;
  before(async () => {
    standIn = await startOrthancStandIn({ profile: 'evaluation' });
    out = await mkdtemp(join(tmpdir(), 'orthanc-instance-render-'));
    const rendered = await standIn.bash('ORTHANC_BUCKET=images-bucket ORTHANC_REGION=eu-west-1 write_settings "$1/settings.env" && render_bundle "$1/settings.env" "$0" "$1"', [out]);
    assert.equal(rendered.code, 0, rendered.stderr);
  });
  after(async () => {
    await standIn?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('gives Orthanc its ports, index directory and S3 bucket; the JSON parses', async () => {
    const config = JSON.parse(await readFile(join(out, 'orthanc.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.HttpPort, 8042);
    assert.equal(config.DicomPort, 4242);
    assert.equal(config.RemoteAccessAllowed, true);
    assert.equal(config.AuthenticationEnabled, true);
    assert.equal(config.IndexDirectory, '/var/lib/orthanc/index');
    assert.deepEqual(config.AwsS3Storage, { BucketName: 'images-bucket', Region: 'eu-west-1', RootPath: 'orthanc', StorageStructure: 'flat', ConnectionTimeout: 30, RequestTimeout: 1200 });
    assert.ok(!JSON.stringify(config).includes('RegisteredUsers'), 'credentials live in their own file');
  });

  it('wires compose to the same files: pinned images, secrets as files, only nginx published on 443 and 11112', async () => {
    const compose = parseYaml(await readFile(join(out, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { image: string; ports?: string[]; volumes: string[]; secrets?: { source: string; target: string }[]; environment?: unknown }>;
      secrets: Record<string, { file: string }>;
    };
    const { orthanc, nginx } = compose.services;
    assert.match(orthanc!.image, /^orthancteam\/orthanc:\d+\.\d+\.\d+$/);
    assert.match(nginx!.image, /^nginx:\d+\.\d+\.\d+-alpine$/);
    assert.equal(orthanc!.ports, undefined, 'Orthanc is reached through nginx only');
    assert.deepEqual(nginx!.ports, ['443:443', '11112:11112']);
    for (const service of Object.values(compose.services)) assert.equal(service.environment, undefined);
    assert.ok(orthanc!.volumes.includes('/opt/imaging-lab/orthanc/config/orthanc.json:/etc/orthanc/orthanc.json:ro'));
    assert.ok(orthanc!.volumes.includes('/var/lib/imaging-lab/orthanc-index:/var/lib/orthanc/index'));
    assert.deepEqual(orthanc!.secrets!.map((s) => s.target).sort(), ['orthanc-credentials.json', 'orthanc-database.json']);
    assert.deepEqual(Object.values(compose.secrets).map((s) => s.file).sort(), [
      '/opt/imaging-lab/orthanc/secrets/orthanc-credentials.json',
      '/opt/imaging-lab/orthanc/secrets/orthanc-database.json',
    ]);
    assert.ok(nginx!.volumes.includes('/opt/imaging-lab/orthanc/config/nginx.conf:/etc/nginx/nginx.conf:ro'));
    assert.ok(nginx!.volumes.includes('/opt/imaging-lab/orthanc/tls:/etc/nginx/tls:ro'));
    const conf = await readFile(join(out, 'nginx.conf'), 'utf8');
    assert.match(conf, /ssl_certificate \/etc\/nginx\/tls\/server\.crt;/);
    assert.match(conf, /proxy_pass http:\/\/orthanc:8042;/);
    assert.match(conf, /proxy_pass orthanc:4242;/);
    assert.match(conf, /listen 443 ssl;/);
    assert.match(conf, /listen 11112 ssl;/);
  });

  it('refuses unsafe settings values, missing values and credentials that are not plain tokens', async () => {
    await writeFile(join(out, 'bad.env'), 'S3_BUCKET=a;rm -rf /\n');
    const unsafe = await standIn.bash('render_file "$1/bad.env" "$0/orthanc.json" "$1/x.json"', [out]);
    assert.notEqual(unsafe.code, 0);
    assert.match(unsafe.stderr, /unsafe settings value for S3_BUCKET/);
    await writeFile(join(out, 'partial.env'), 'S3_BUCKET=b\n');
    const missing = await standIn.bash('render_file "$1/partial.env" "$0/orthanc.json" "$1/x.json"', [out]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /no value for \{\{[A-Z_]+\}\}/);
    const quote = await standIn.bash('write_credentials_file admin \'pa"ss\' "$1/c.json"', [out]);
    assert.notEqual(quote.code, 0);
    const written = await standIn.bash('write_credentials_file admin Passw0rd "$1/c.json" && stat -c %a "$1/c.json" && cat "$1/c.json"', [out]);
    assert.equal(written.code, 0, written.stderr);
    const [mode, ...json] = written.stdout.trim().split('\n');
    assert.equal(mode, '600');
    assert.deepEqual(JSON.parse(json.join('\n')), { RegisteredUsers: { admin: 'Passw0rd' } });
  });
});

describeProfile('production');
describeProfile('evaluation');
