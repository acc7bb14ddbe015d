import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_FILES } from '../../../templates/cdk/orthanc/orthancFiles';
import { orthancBundle } from '../../support/orthancStandIn';
import { requireTool } from '../../support/requireTool';

/**
 * A stand-in `aws` CLI: answers get-secret-value from secrets.json, records every call (one line
 * of arguments each) and what put-parameter was given (file:// read as the real CLI does).
 */
const FAKE_AWS = `#!/bin/bash
set -euo pipefail
printf '%s\\n' "$*" >>"$FAKE_AWS_DIR/calls"
case "$1 $2" in
  "secretsmanager get-secret-value")
    id=$(printf '%s\\n' "$@" | sed -n '/^--secret-id$/{n;p}')
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$FAKE_AWS_DIR/secrets.json" "$id" ;;
  "ssm put-parameter")
    name=$(printf '%s\\n' "$@" | sed -n '/^--name$/{n;p}')
    value=$(printf '%s\\n' "$@" | sed -n '/^--value$/{n;p}')
    case "$value" in file://*) value=$(cat "\${value#file://}") ;; esac
    printf '%s' "$value" >"$FAKE_AWS_DIR/parameter-$(basename "$name")" ;;
  "cloudformation signal-resource") ;;
  *) echo "unexpected aws call: $*" >&2; exit 1 ;;
esac
`;

/** What the installer's cloud edges become here: no dnf, Docker, systemd, device or IMDS (link-local) access. */
const STUBS = [
  'install_docker() { step "stub: docker"; }',
  'prepare_index_volume() { mkdir -p "$1"; }',
  'write_unit_and_start() { step "stub: compose"; }',
  'wait_until_healthy() { step "stub: health"; }',
  'imds() { case "$1" in instance-id) echo i-0123456789abcdef0 ;; public-hostname) echo localhost ;; esac; }',
].join('\n');

interface Run {
  readonly code: number | null;
  readonly output: string;
  readonly calls: string[];
}

describe('Orthanc first-boot installer (main with the AWS CLI, Docker and systemd stubbed)', function () {
  this.timeout(120_000);
  let dir: string;
  let bundle: string;

  before(() => {
    requireTool('openssl', 'openssl');
    requireTool('python3', 'python3');
    dir = mkdtempSync(join(tmpdir(), 'orthanc-installer-'));
    bundle = join(dir, 'bundle');
    mkdirSync(bundle);
    const { files, installer } = orthancBundle();
    for (const name of BUNDLE_FILES) writeFileSync(join(bundle, name), files.get(name)!);
    writeFileSync(join(bundle, 'install.sh'), installer);
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'aws'), FAKE_AWS);
    chmodSync(join(dir, 'bin', 'aws'), 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function runMain(name: string, inputs: Record<string, string>): Promise<Run> {
    const app = join(dir, name, 'app');
    const fake = join(dir, name, 'aws');
    mkdirSync(fake, { recursive: true });
    writeFileSync(
      join(fake, 'secrets.json'),
      JSON.stringify({ 'arn:admin': JSON.stringify({ username: 'admin', password: 'AdminPassw0rd' }), 'arn:db': JSON.stringify({ username: 'orthanc', password: 'DbPassw0rd' }) }),
    );
    const env = {
      ...process.env,
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
      FAKE_AWS_DIR: fake,
      ORTHANC_APP_DIR: app,
      ORTHANC_BUNDLE: bundle,
      ORTHANC_LOG: join(dir, name, 'install.log'),
      ORTHANC_STACK_NAME: 'orthanc-lab',
      ORTHANC_REGION: 'us-east-1',
      ORTHANC_SIGNAL_RESOURCE: 'OrthancInstance',
      ORTHANC_BUCKET: 'orthanc-lab-images',
      ORTHANC_PUBLIC_IP: '127.0.0.1',
      ORTHANC_ADMIN_SECRET_ARN: 'arn:admin',
      ORTHANC_FINGERPRINT_PARAMETER: '/imaging-lab/orthanc-lab/orthanc/tls-certificate-sha256',
      ORTHANC_CA_PARAMETER: '/imaging-lab/orthanc-lab/orthanc/tls-ca-certificate',
      ORTHANC_DB_SECRET_ARN: '',
      ORTHANC_DB_HOST: '',
      ...inputs,
    };
    return new Promise((resolveRun, reject) => {
      const child = spawn('bash', ['-c', `source "$0/install.sh"\n${STUBS}\nmain`, bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('error', reject);
      // 'close', not 'exit': output still in the pipes when the process exits would be lost.
      child.once('close', (code) => {
        let calls: string[] = [];
        try {
          calls = readFileSync(join(fake, 'calls'), 'utf8').trim().split('\n');
        } catch {
          // no call made
        }
        resolveRun({ code, output, calls });
      });
    });
  }

  it('production: reads both secrets into 0600 files, renders the configuration, publishes the certificate, then signals SUCCESS', async () => {
    const result = await runMain('production', { ORTHANC_PROFILE: 'production', ORTHANC_DB_SECRET_ARN: 'arn:db', ORTHANC_DB_HOST: 'orthanc-db.localhost' });
    assert.equal(result.code, 0, result.output);
    const app = join(dir, 'production', 'app');
    const secret = (file: string) => {
      assert.equal((statSync(join(app, 'secrets', file)).mode & 0o777).toString(8), '600', file);
      return JSON.parse(readFileSync(join(app, 'secrets', file), 'utf8')) as unknown;
    };
    assert.deepEqual(secret('orthanc-credentials.json'), { RegisteredUsers: { admin: 'AdminPassw0rd' } });
    assert.deepEqual(secret('orthanc-database.json'), {
      PostgreSQL: { EnableIndex: true, EnableSsl: true, Host: 'orthanc-db.localhost', Port: 5432, Database: 'orthanc', Username: 'orthanc', Password: 'DbPassw0rd' },
    });
    const config = JSON.parse(readFileSync(join(app, 'config', 'orthanc.json'), 'utf8')) as { AwsS3Storage: { BucketName: string; Region: string } };
    assert.deepEqual([config.AwsS3Storage.BucketName, config.AwsS3Storage.Region], ['orthanc-lab-images', 'us-east-1']);
    assert.match(readFileSync(join(app, 'config', 'docker-compose.yml'), 'utf8'), /orthancteam\/orthanc:/);

    const fingerprint = execFileSync('openssl', ['x509', '-in', join(app, 'tls', 'server.crt'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().replace(/^.*=/, '');
    const published = (leaf: string) => readFileSync(join(dir, 'production', 'aws', `parameter-${leaf}`), 'utf8');
    assert.equal(published('tls-certificate-sha256'), fingerprint);
    assert.equal(published('tls-ca-certificate').trim(), readFileSync(join(app, 'tls', 'ca.crt'), 'utf8').trim());
    const san = execFileSync('openssl', ['x509', '-in', join(app, 'tls', 'server.crt'), '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' });
    assert.match(san, /IP Address:127\.0\.0\.1, DNS:localhost/);

    const last = result.calls.at(-1) ?? '';
    assert.match(last, /^cloudformation signal-resource --region us-east-1 --stack-name orthanc-lab --logical-resource-id OrthancInstance --unique-id i-0123456789abcdef0 --status SUCCESS$/);
    assert.equal(result.calls.filter((c) => c.includes('--status')).length, 1);
    // Secret values go to files only: never into the log or onto a command line.
    const log = readFileSync(join(dir, 'production', 'install.log'), 'utf8');
    for (const text of [log, result.calls.join('\n')]) assert.ok(!/AdminPassw0rd|DbPassw0rd/.test(text));
    assert.ok(log.indexOf('stub: health') < log.indexOf('ready'));
  });

  it('evaluation: no database secret is read, the database file is empty (SQLite index)', async () => {
    const result = await runMain('evaluation', { ORTHANC_PROFILE: 'evaluation' });
    assert.equal(result.code, 0, result.output);
    assert.equal(readFileSync(join(dir, 'evaluation', 'app', 'secrets', 'orthanc-database.json'), 'utf8').trim(), '{}');
    assert.ok(!result.calls.some((c) => c.includes('arn:db')), result.calls.join('\n'));
    assert.match(result.calls.at(-1) ?? '', /--status SUCCESS$/);
  });

  it('signals FAILURE (so the stack rolls back) when a step fails, and never SUCCESS', async () => {
    const result = await runMain('failure', { ORTHANC_PROFILE: 'evaluation', ORTHANC_BUCKET: 'bad bucket' });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /unsafe settings value for S3_BUCKET/);
    const signals = result.calls.filter((c) => c.startsWith('cloudformation signal-resource'));
    assert.equal(signals.length, 1, result.calls.join('\n'));
    assert.match(signals[0]!, /--status FAILURE$/);
  });

  it('refuses to start without its inputs (production needs the database host and secret)', async () => {
    const result = await runMain('inputs', { ORTHANC_PROFILE: 'production' });
    assert.notEqual(result.code, 0);
    assert.match(result.output, /ORTHANC_DB_HOST/);
    assert.ok(!result.calls.some((c) => c.includes('--status SUCCESS')));
  });
});
