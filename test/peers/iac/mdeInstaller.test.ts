import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRIPTS_DIR } from '../../../templates/cdk/common/scriptFile';
import { requireTool } from '../../support/requireTool';

const INPUTS = {
  MDE_STACK_NAME: 'test',
  MDE_REGION: 'us-east-1',
  MDE_SIGNAL_RESOURCE: 'MdeInstance',
  MDE_VERSION: '0.6.0',
  MDE_ENABLE_ELK: 'false',
  MDE_USER_SECRET_ARN: 'arn:user',
  MDE_MINIO_SECRET_ARN: 'arn:minio',
  MDE_RABBITMQ_SECRET_ARN: 'arn:rabbit',
  MDE_MONGO_SECRET_ARN: 'arn:mongo',
};

/** A bundle-shaped directory with the settings the installer edits (values as the MDE bundle ships them). */
function writeBundle(dir: string): void {
  mkdirSync(join(dir, 'configs'), { recursive: true });
  writeFileSync(
    join(dir, '.env'),
    [
      'INFORMATICS_GATEWAY_SCP_PORT=104',
      'INFORMATICS_GATEWAY_API_PORT=5000',
      'WORKFLOW_MANAGER_PORT=5001',
      'TASK_MANAGER_PORT=5002',
      'MINIO_API_PORT=9000',
      'MINIO_CONSOLE_PORT=9001',
      'MONGODB_PORT=27017',
      'ORTHANC_SCP_PORT=4242',
      'ORTHANC_UI_PORT=8042',
      'RABBITMQ_MGT_PORT=15672',
      'RABBITMQ_PORT=5672',
      'LOGSTASH_PORT=50000',
      'KIBANA_PORT=5601',
      'TASK_MANAGER_DATA=$PWD/.md/mdtm/',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'docker-compose.yml'),
    [
      'services:',
      '  minio:',
      '    environment:',
      '      MINIO_ROOT_USER: minioadmin',
      '      MINIO_ROOT_PASSWORD: minioadmin',
      '  rabbitmq:',
      '    environment:',
      '      RABBITMQ_DEFAULT_USER: "admin"',
      '      RABBITMQ_DEFAULT_PASS: "admin"',
      '  mongodb:',
      '    environment:',
      '      MONGO_INITDB_ROOT_USERNAME: root',
      '      MONGO_INITDB_ROOT_PASSWORD: rootpassword',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'configs', 'workflow-manager.json'),
    JSON.stringify(
      {
        Database: { ConnectionString: 'mongodb://root:rootpassword@mongodb:27017' },
        messaging: { publisherSettings: { endpoint: 'rabbitmq', username: 'admin', password: 'admin' } },
        storage: { settings: { accessKey: 'minioadmin', accessToken: 'minioadmin' } },
      },
      null,
      2,
    ),
  );
}

/** Sources the installer (which then only defines its steps) and runs some of them with stubs for AWS and Docker. */
function runSteps(dir: string, steps: string, secretValue = 'gen${id}', extraEnv: Record<string, string> = {}): { status: number | null; out: string } {
  const script = [
    `source ${JSON.stringify(join(SCRIPTS_DIR, 'mde-install.sh'))}`,
    `secret() { local id=\${1#arn:}; echo "${secretValue}"; }`,
    'docker() { printf "minio\\nrabbitmq\\ninformatics-gateway\\nconfigure-ig\\nworkflow-manager\\nkibana-setup\\n"; }',
    steps,
  ].join('\n');
  const run = spawnSync(requireTool('bash', 'bash'), ['-c', script], {
    env: { ...process.env, ...INPUTS, MDE_DIR: dir, ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('MDE installer steps on a bundle-shaped directory', function () {
  this.timeout(60_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-mde-'));
    writeBundle(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('does nothing but define its steps when sourced', () => {
    const result = runSteps(dir, 'declare -F main >/dev/null && echo defined');
    assert.equal(result.status, 0, result.out);
    assert.equal(result.out.trim(), 'defined');
  });

  it('binds the internal services to loopback, keeps MIG/Orthanc/Logstash ports, and makes TASK_MANAGER_DATA absolute', () => {
    const result = runSteps(dir, 'bind_internal_ports_to_loopback');
    assert.equal(result.status, 0, result.out);
    const env = readFileSync(join(dir, '.env'), 'utf8');
    for (const line of ['MINIO_API_PORT=127.0.0.1:9000', 'MINIO_CONSOLE_PORT=127.0.0.1:9001', 'MONGODB_PORT=127.0.0.1:27017',
      'RABBITMQ_PORT=127.0.0.1:5672', 'RABBITMQ_MGT_PORT=127.0.0.1:15672', 'WORKFLOW_MANAGER_PORT=127.0.0.1:5001',
      'TASK_MANAGER_PORT=127.0.0.1:5002', 'INFORMATICS_GATEWAY_API_PORT=5000', 'INFORMATICS_GATEWAY_SCP_PORT=104',
      'ORTHANC_UI_PORT=8042', 'ORTHANC_SCP_PORT=4242', 'LOGSTASH_PORT=50000', `TASK_MANAGER_DATA=${dir}/.md/mdtm/`]) {
      assert.ok(env.split('\n').includes(line), `missing '${line}' in\n${env}`);
    }
  });

  it('replaces every default credential with the generated secrets, keeping user names', () => {
    const result = runSteps(dir, 'replace_default_credentials');
    assert.equal(result.status, 0, result.out);
    const compose = readFileSync(join(dir, 'docker-compose.yml'), 'utf8');
    assert.match(compose, /MINIO_ROOT_PASSWORD: genminio/);
    assert.match(compose, /RABBITMQ_DEFAULT_USER: "admin"/);
    assert.match(compose, /RABBITMQ_DEFAULT_PASS: "genrabbit"/);
    assert.match(compose, /MONGO_INITDB_ROOT_PASSWORD: genmongo/);
    const wm = JSON.parse(readFileSync(join(dir, 'configs', 'workflow-manager.json'), 'utf8'));
    assert.equal(wm.Database.ConnectionString, 'mongodb://root:genmongo@mongodb:27017');
    assert.deepEqual(wm.messaging.publisherSettings, { endpoint: 'rabbitmq', username: 'admin', password: 'genrabbit' });
    assert.deepEqual(wm.storage.settings, { accessKey: 'genminio', accessToken: 'genminio' });
    assert.doesNotMatch(`${compose}${JSON.stringify(wm)}`, /minioadmin|rootpassword|"password":"admin"/);
  });

  it('fails the install when a default credential survives', () => {
    const result = runSteps(dir, 'replace_default_credentials', 'keepminioadmin');
    assert.notEqual(result.status, 0);
    assert.match(result.out, /a default credential is still present/);
  });

  it('refuses a service secret that is not alphanumeric, before touching any file', () => {
    const before = readFileSync(join(dir, 'docker-compose.yml'), 'utf8');
    const result = runSteps(dir, 'replace_default_credentials', 'a/b&c');
    assert.notEqual(result.status, 0);
    assert.match(result.out, /unexpected service secret format/);
    assert.equal(readFileSync(join(dir, 'docker-compose.yml'), 'utf8'), before);
  });

  it('gives long-running services a restart policy and leaves the one-shot configurators alone', () => {
    const result = runSteps(dir, 'write_restart_policy');
    assert.equal(result.status, 0, result.out);
    const override = readFileSync(join(dir, 'docker-compose.imaging-lab.yml'), 'utf8');
    assert.equal(
      override,
      ['services:', ...['minio', 'rabbitmq', 'informatics-gateway', 'workflow-manager'].flatMap((s) => [`  ${s}:`, '    restart: unless-stopped']), ''].join('\n'),
    );
  });

  it('writes a systemd unit that runs compose up after Docker on every boot and stops it cleanly', () => {
    // The unit names Docker by its absolute path, found on PATH (here a stand-in).
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'docker'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const result = runSteps(dir, 'unset -f docker; systemctl() { echo "systemctl $*"; }; write_unit', undefined, {
      UNIT_DIR: dir,
      PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}`,
    });
    assert.equal(result.status, 0, result.out);
    assert.match(result.out, /systemctl daemon-reload/);
    const unit = readFileSync(join(dir, 'monai-deploy-express.service'), 'utf8');
    for (const line of [
      'Requires=docker.service',
      'After=docker.service network-online.target',
      'Type=oneshot',
      'RemainAfterExit=yes',
      `WorkingDirectory=${dir}`,
      `ExecStart=${dir}/bin/docker compose -f docker-compose.yml -f docker-compose.imaging-lab.yml up -d`,
      `ExecStop=${dir}/bin/docker compose -f docker-compose.yml -f docker-compose.imaging-lab.yml stop`,
      'WantedBy=multi-user.target',
    ]) {
      assert.ok(unit.split('\n').includes(line), `missing '${line}' in\n${unit}`);
    }
  });

  it('starts compose with the ELK profile only when asked', () => {
    assert.equal(runSteps(dir, 'compose_args').out.trim(), '-f docker-compose.yml -f docker-compose.imaging-lab.yml');
    assert.equal(
      runSteps(dir, 'MDE_ENABLE_ELK=true; compose_args').out.trim(),
      '-f docker-compose.yml -f docker-compose.imaging-lab.yml --profile elk',
    );
  });
});
