import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { certificateFingerprint, generateCertificateAuthority, issueCertificate } from '../../../src/core/pki/certificates';
import { writeKeyMaterial } from '../../../src/core/pki/keyMaterialFiles';
import { STOWRS_INSTANCE_DIR } from '../../../templates/cdk/stowrs/stowrsUserData';
import { readConfig } from '../../../templates/stowrs/service/config';
import { requireTool } from '../../support/requireTool';
import { startS3Standin } from '../../support/s3Standin';
import { startStowrsService } from '../../support/stowrsService';
import { syntheticDicom, syntheticUid } from '../../unit/dicom/syntheticDicom';

const run = promisify(execFile);
const INSTALLER = join(STOWRS_INSTANCE_DIR, 'stowrs-install.sh');

/** Stands in for the AWS CLI: secrets, parameters and the staged bundle live in files of the test directory. */
const FAKE_AWS = `#!/bin/bash
set -euo pipefail
echo "$*" >>"$FAKE_DIR/aws.log"
arg() { local want=$1; shift; while (($#)); do if [[ "$1" == "$want" ]]; then echo "$2"; return; fi; shift; done; }
case "$1 $2" in
  "secretsmanager get-secret-value") cat "$FAKE_DIR/secret" ;;
  "secretsmanager put-secret-value") v=$(arg --secret-string "$@"); cp "\${v#file://}" "$FAKE_DIR/secret" ;;
  "ssm put-parameter")
    name=$(arg --name "$@"); v=$(arg --value "$@"); file="$FAKE_DIR/ssm$(echo "$name" | tr / _)"
    if [[ "$v" == file://* ]]; then cp "\${v#file://}" "$file"; else printf '%s' "$v" >"$file"; fi ;;
  "s3 cp") cp "$FAKE_DIR/bundle.js" "\${@: -1}" ;;
  *) echo "fake aws: unexpected $*" >&2; exit 1 ;;
esac
`;

interface Boot {
  readonly status: number | null;
  readonly output: string;
}

describe('STOW-RS instance installer (stowrs-install.sh) with real openssl and jq, a stand-in AWS CLI', function () {
  this.timeout(120_000);
  let dir: string;
  let fake: string;
  let env: Record<string, string>;
  let caBase64: string;
  let clientFiles: { certificateFile: string; keyFile: string };

  const boot = (steps: string, etc = join(dir, 'etc')): Boot => {
    const result = spawnSync('bash', ['-c', `set -Eeuo pipefail; source "${INSTALLER}"; ${steps}`], {
      env: { ...env, STOWRS_ETC: etc, STOWRS_OPT: join(dir, 'opt') },
      encoding: 'utf8',
      timeout: 60_000,
      // A socket on stdin makes bash behave as if started by sshd (and read ~/.bashrc).
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const parameter = (name: string) => readFileSync(join(fake, `ssm${name.replace(/\//g, '_')}`), 'utf8');

  before(async () => {
    requireTool('openssl', 'openssl');
    requireTool('jq', 'jq');
    dir = mkdtempSync(join(tmpdir(), 'stowrs-installer-'));
    fake = join(dir, 'fake');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    writeFileSync(join(fake, 'bin', 'aws'), FAKE_AWS);
    chmodSync(join(fake, 'bin', 'aws'), 0o755);
    // What GenerateSecretString leaves before the first boot: a random placeholder.
    writeFileSync(join(fake, 'secret'), 'Q2xhY2VIb2xkZXJQbGFjZWhvbGRlcjEy');
    const ca = await generateCertificateAuthority({ commonName: 'Imaging Lab STOW-RS clients' });
    caBase64 = ca.certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    clientFiles = await writeKeyMaterial(join(dir, 'pki'), 'client', await issueCertificate(ca, { commonName: 'imaging-lab-client', usage: 'client' }));
    const user = userInfo();
    const group = spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim();
    env = {
      PATH: `${join(fake, 'bin')}:${process.env.PATH ?? ''}`,
      FAKE_DIR: fake,
      STOWRS_RETRY_PAUSE: '0',
      STOWRS_OWNER: user.username,
      STOWRS_GROUP: group,
      STOWRS_STACK_NAME: 'stowrs-test',
      STOWRS_REGION: 'us-east-1',
      STOWRS_SIGNAL_RESOURCE: 'StowrsAutoScalingGroup',
      STOWRS_BUCKET: 'imaging-lab-stowrs-test',
      STOWRS_PREFIX: '/site-a//incoming/',
      STOWRS_WADOURL: '',
      STOWRS_LOGLEVEL: 'INFO',
      STOWRS_TLS_MODE: 'generated-client-certificates',
      STOWRS_CLIENT_CA: caBase64,
      STOWRS_ENDPOINT_NAME: 'stowrs.test',
      STOWRS_DOMAIN_NAME: 'dicom.stowrs.test',
      STOWRS_NODE_MAJOR: '22',
      STOWRS_BUNDLE_BUCKET: 'staging-bucket',
      STOWRS_BUNDLE_KEY: 'imaging-lab/stowrs/service.js',
      STOWRS_BUNDLE_SHA256: '',
      STOWRS_SERVER_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:endpoint',
      STOWRS_FINGERPRINT_PARAMETER: '/imaging-lab/stowrs-test/stowrs/endpoint-sha256',
      STOWRS_CERTIFICATE_PARAMETER: '/imaging-lab/stowrs-test/stowrs/endpoint-certificate',
      STOWRS_LOG_GROUP: 'stowrs-test-logs',
    };
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates the endpoint certificate on the first boot, keeps it in the secret and publishes the fingerprint the client pins', () => {
    const first = boot('server_certificate');
    assert.equal(first.status, 0, first.output);
    const tls = join(dir, 'etc', 'tls');
    const certificatePem = readFileSync(join(tls, 'server.crt'), 'utf8');
    const cert = new X509Certificate(certificatePem);
    assert.equal(cert.subjectAltName, 'DNS:stowrs.test, DNS:dicom.stowrs.test');
    assert.equal(statSync(join(tls, 'server.key')).mode & 0o777, 0o640);
    const stored = JSON.parse(readFileSync(join(fake, 'secret'), 'utf8')) as { key: string; certificate: string };
    assert.equal(stored.certificate, certificatePem);
    assert.equal(stored.key, readFileSync(join(tls, 'server.key'), 'utf8'));
    // The published fingerprint is in the format src/core/pki computes, so pinning compares like with like.
    assert.equal(parameter(env.STOWRS_FINGERPRINT_PARAMETER!), certificateFingerprint(certificatePem));
    assert.equal(parameter(env.STOWRS_CERTIFICATE_PARAMETER!), certificatePem);
  });

  it('reuses the kept certificate on a replacement instance, so the pinned fingerprint stays valid', () => {
    const before = readFileSync(join(fake, 'secret'), 'utf8');
    const again = boot('server_certificate', join(dir, 'etc-replacement'));
    assert.equal(again.status, 0, again.output);
    assert.match(again.output, /reusing the one kept in the stack secret/);
    assert.equal(readFileSync(join(dir, 'etc-replacement', 'tls', 'server.crt'), 'utf8'), (JSON.parse(before) as { certificate: string }).certificate);
    assert.equal(readFileSync(join(fake, 'secret'), 'utf8'), before, 'the secret is not rewritten');
  });

  it('writes the client CA from the parameter and a 0640 settings file the service accepts', () => {
    const result = boot('write_env');
    assert.equal(result.status, 0, result.output);
    const etc = join(dir, 'etc');
    const ca = new X509Certificate(readFileSync(join(etc, 'tls', 'client-ca.pem')));
    assert.equal(ca.subject, 'CN=Imaging Lab STOW-RS clients');
    assert.equal(statSync(join(etc, 'stowrs.env')).mode & 0o777, 0o640);
    const settings = Object.fromEntries(
      readFileSync(join(etc, 'stowrs.env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const config = readConfig(settings);
    assert.equal(config.prefix, 'site-a/incoming');
    assert.deepEqual([config.host, config.port, config.healthPort], ['0.0.0.0', 443, 8081]);
    assert.equal(config.tls?.clientCaFile, join(etc, 'tls', 'client-ca.pem'));
    assert.equal(config.wadoUrl, undefined);
  });

  it('refuses a client CA parameter that is not a certificate', () => {
    const bad = spawnSync('bash', ['-c', `source "${INSTALLER}"; write_env`], {
      env: { ...env, STOWRS_ETC: join(dir, 'etc-bad'), STOWRS_CLIENT_CA: 'bm90IGEgY2VydGlmaWNhdGU=' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.notEqual(bad.status, 0);
    assert.match(`${bad.stdout}${bad.stderr}`, /ClientCaCertificate is not a base64-encoded X.509 certificate/);
  });

  it('runs only a bundle with the SHA-256 the deploy computed', () => {
    const bundle = 'console.log("service")\n';
    writeFileSync(join(fake, 'bundle.js'), bundle);
    const wrong = spawnSync('bash', ['-c', `source "${INSTALLER}"; fetch_bundle`], {
      env: { ...env, STOWRS_ETC: join(dir, 'etc'), STOWRS_OPT: join(dir, 'opt'), STOWRS_BUNDLE_SHA256: 'a'.repeat(64) },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.notEqual(wrong.status, 0);
    assert.match(`${wrong.stdout}${wrong.stderr}`, /refusing to run it/);
    assert.throws(() => statSync(join(dir, 'opt', 'stowrs-service.js')));
    env.STOWRS_BUNDLE_SHA256 = createHash('sha256').update(bundle).digest('hex');
    const right = boot('fetch_bundle');
    assert.equal(right.status, 0, right.output);
    assert.equal(readFileSync(join(dir, 'opt', 'stowrs-service.js'), 'utf8'), bundle);
  });

  it('yields a configuration the real service runs with: mutual TLS with the generated certificate, curl verifying it', async () => {
    const s3 = await startS3Standin();
    const settings = Object.fromEntries(
      readFileSync(join(dir, 'etc', 'stowrs.env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // Loopback and the stand-in S3 instead of 0.0.0.0:443 and the real bucket.
    const service = await startStowrsService({ s3, env: { ...settings, HOST: '127.0.0.1', PORT: '0', HEALTHPORT: '0', BUCKETNAME: s3.bucket } });
    try {
      const study = syntheticUid('installer/study');
      const series = syntheticUid('installer/series');
      const sop = syntheticUid('installer/sop');
      const part = syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: sop });
      const body = join(dir, 'body.bin');
      writeFileSync(body, Buffer.concat([Buffer.from('--b\r\nContent-Type: application/dicom\r\n\r\n'), part, Buffer.from('\r\n--b--\r\n')]));
      const curl = requireTool('curl', 'curl');
      const { stdout } = await run(curl, [
        '-sS', '--fail', '--resolve', `stowrs.test:${service.port}:127.0.0.1`,
        '--cacert', join(dir, 'etc', 'tls', 'server.crt'), '--cert', clientFiles.certificateFile, '--key', clientFiles.keyFile,
        '-H', 'Content-Type: multipart/related; type="application/dicom"; boundary=b', '--data-binary', `@${body}`,
        `https://stowrs.test:${service.port}/studies`,
      ]);
      assert.match(stdout, new RegExp(sop.replace(/\./g, '\\.')));
      assert.deepEqual([...(await s3.objects()).keys()], [`site-a/incoming/${study}/${series}/${sop}.dcm`]);
    } finally {
      await service.stop();
      await s3.stop();
    }
  });
});
