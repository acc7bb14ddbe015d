import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { INSTALL_JOBS } from '../../../src/core/kinds/tator/tatorJobs';
import { INSTALL_PHASES } from '../../../src/core/kinds/tator/tatorPods';
import { TATOR_FILES_DIR } from '../../../templates/cdk/tator/tatorInstaller';
import { requireTool } from '../../support/requireTool';
import { SAMPLE_STACK_NAME } from '../../unit/iac/tatorReferences';
import { DEFAULT_SECRETS, LOAD_BALANCER, runInstaller, type InstallerRun } from './installerStandIns';

/** Failure scenarios: short deadlines so the bounded loops end quickly. */
// Failures that must be detected at once get a generous overall deadline, so a loaded machine
// cannot turn them into a deadline failure; only the deadline test itself uses a short one.
const QUICK = { TATOR_DEADLINE_SECONDS: '300', TATOR_PULL_PATIENCE_SECONDS: '1' };
const SHORT_DEADLINE = { ...QUICK, TATOR_DEADLINE_SECONDS: '3' };

function onlySignal(run: InstallerRun): InstallerRun['signals'][number] {
  assert.equal(run.signals.length, 1, `${run.signals.length} signals; log:\n${run.log}`);
  const signal = run.signals[0]!;
  // The wait condition handle is a presigned S3 URL: no Content-Type may be sent, the body is JSON.
  assert.equal(signal.contentType, undefined);
  assert.deepEqual(Object.keys(signal.body), ['Status', 'Reason', 'UniqueId', 'Data']);
  assert.equal(signal.body.UniqueId, 'tator');
  return signal;
}

function applied(run: InstallerRun): string[] {
  return run.kubectlCalls.filter((c) => /^apply -f \S+manifests\.yaml -l imaging-lab\/phase=/.test(c)).map((c) => c.replace(/^.*phase=/, ''));
}

describe('Tator installer against local stand-ins (fake kubectl and AWS CLI, HTTP servers for dl.k8s.io, the wait condition and Tator)', function () {
  this.timeout(180_000);

  it('installs phase by phase with the stack values, waits until Tator answers, signals SUCCESS with the URL and powers off', async () => {
    const run = await runInstaller({ tatorStatuses: [502, 502, 503, 200], env: { FAKE_NAMESPACE_DENIALS: '2', FAKE_LOAD_BALANCER_AFTER: '3' } });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'SUCCESS', signal.body.Reason);
    assert.equal(signal.body.Data, `http://${LOAD_BALANCER}/`);
    assert.equal(signal.body.Reason, `Tator answers at http://${LOAD_BALANCER}/`);
    assert.equal(run.exitCode, 0, run.log);
    assert.deepEqual(applied(run), [...INSTALL_PHASES]);
    // Values from the stack: the cluster, region and stack the user data carried.
    assert.ok(run.awsCalls.some((c) => c.startsWith(`eks update-kubeconfig --region us-east-1 --name ${SAMPLE_STACK_NAME} --kubeconfig `)), run.awsCalls.join('\n'));
    assert.ok(run.awsCalls.some((c) => c.includes(`cloudformation describe-stack-resource --region us-east-1 --stack-name ${SAMPLE_STACK_NAME} --logical-resource-id TatorInstaller`)));
    // kubectl came from the release host, checked against its published SHA-256.
    assert.ok(run.downloads.includes('/release/v1.36.0/bin/linux/amd64/kubectl') || run.downloads.includes('/release/v1.36.0/bin/linux/arm64/kubectl'));
    assert.ok(run.downloads.some((d) => d.endsWith('kubectl.sha256')));
    // Every Job the install depends on was waited for, in order, before the next phase.
    const waited = run.kubectlCalls.filter((c) => c.includes(' get job ')).map((c) => c.split(' ')[4]);
    assert.deepEqual([...new Set(waited)], INSTALL_JOBS.map((j) => j.name));
    const order = (pattern: RegExp) => run.kubectlCalls.findIndex((c) => pattern.test(c));
    assert.ok(order(/get job migrate/) < order(/phase=serve/) && order(/phase=serve/) < order(/get deployments/) && order(/get deployments/) < order(/phase=admin/));
    assert.deepEqual(run.configMapLiterals, [`MAIN_HOST=${LOAD_BALANCER}`]);
    // Tator was asked with the Host Django accepts, until it answered 200 (three refusals first).
    assert.ok(run.tatorRequests.length >= 4);
    assert.ok(run.tatorRequests.every((r) => r.host === LOAD_BALANCER));
    assert.deepEqual([...new Set(run.tatorRequests.slice(-2).map((r) => r.path))], ['/accounts/login/', '/']);
    assert.equal(run.shutdownCalls.length, 1);
    assert.match(run.shutdownCalls[0]!, /^-h \+1 /);
  });

  it('hands the generated secrets to the cluster through files, never on a command line, and removes them', async () => {
    const run = await runInstaller();
    assert.equal(onlySignal(run).body.Status, 'SUCCESS', run.log);
    assert.deepEqual(run.secretsInCluster.sort(), [
      'tator-admin DJANGO_SUPERUSER_PASSWORD=AdminPass42',
      `tator-secrets DJANGO_SECRET_KEY=${DEFAULT_SECRETS.django}`,
      'tator-secrets POSTGRES_PASSWORD=Db0Pass"quoted',
    ]);
    for (const value of ['AdminPass42', DEFAULT_SECRETS.django, 'Db0Pass']) {
      assert.ok(!run.kubectlCalls.join('\n').includes(value), 'secret on a kubectl command line');
      assert.ok(!run.awsCalls.join('\n').includes(value));
      assert.ok(!run.log.includes(value), 'secret in the log');
    }
    assert.ok(!run.workDirLeft.includes('secrets'), run.workDirLeft.join(','));
  });

  it('reports a failed Job with its log as the stack reason, and applies nothing after it', async () => {
    const run = await runInstaller({ env: { ...QUICK, FAKE_FAILED_JOB: 'migrate' } });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'FAILURE');
    assert.match(signal.body.Reason, /^Tator install failed while waiting for Job migrate \(installer line \d+\): Job migrate failed: django\.db\.utils\.ProgrammingError: relation "main_media" already exists/);
    assert.ok(signal.raw.includes('relation \\"main_media\\"') && signal.raw.includes('\\\\ at the end'), 'quotes and backslashes escaped in the JSON body');
    assert.deepEqual(applied(run), ['base', 'prepare', 'migrate']);
    assert.notEqual(run.exitCode, 0);
    assert.equal(run.shutdownCalls.length, 1);
  });

  it('gives up on Tator at the deadline with the last answer and what the pods wait for', async () => {
    const run = await runInstaller({
      tatorStatuses: [502],
      env: { ...SHORT_DEADLINE, FAKE_POD_PROBLEMS: 'gunicorn CrashLoopBackOff: back-off 5m0s restarting failed container\n' },
    });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'FAILURE');
    assert.match(signal.body.Reason, /Tator did not answer within 0 minutes \(last: \/accounts\/login\/ answered 502\)\. Waiting containers: gunicorn CrashLoopBackOff: back-off 5m0s/);
    assert.ok(run.tatorRequests.length >= 1, 'Tator was asked');
  });

  it('fails at once, naming the image and the registry answer, when an image cannot be pulled', async () => {
    const problem = 'gunicorn ErrImagePull: toomanyrequests: You have reached your unauthenticated pull rate limit (docker.io/cvisionai/tator_online)\n';
    const run = await runInstaller({ env: { ...QUICK, FAKE_POD_PROBLEMS: problem, FAKE_DEPLOYMENTS: 'gunicorn=/1' } });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'FAILURE');
    assert.match(signal.body.Reason, /an image could not be pulled for 0 minutes \(registry unreachable, rate-limited or tag missing\): gunicorn ErrImagePull: toomanyrequests: .*pull rate limit/);
  });

  it('refuses a kubectl whose checksum does not match, before touching the cluster', async () => {
    const run = await runInstaller({ wrongChecksum: true, env: QUICK });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'FAILURE');
    assert.match(signal.body.Reason, /while downloading kubectl v1\.36\.0 .*does not match its published SHA-256/);
    assert.deepEqual(run.kubectlCalls, []);
    assert.ok(!run.awsCalls.some((c) => c.startsWith('eks ')));
  });

  it('refuses a stack value that breaks its grammar and says which one', async () => {
    const run = await runInstaller({ env: QUICK, editUserData: (text) => text.replace(`TATOR_CLUSTER_NAME='${SAMPLE_STACK_NAME}'`, "TATOR_CLUSTER_NAME='tator;rm -rf /'") });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'FAILURE');
    assert.match(signal.body.Reason, /while checking the inputs from the stack .*cluster name 'tator;rm -rf \/' is not valid/);
    assert.deepEqual(run.downloads, []);
  });

  it('reports from the bootstrap when the installer cannot be read from the stack metadata', async () => {
    const run = await runInstaller({ env: { ...QUICK, FAKE_METADATA_DENIED: '1', TATOR_POLL_SECONDS: '0' } });
    const signal = onlySignal(run);
    assert.equal(signal.body.Status, 'FAILURE');
    assert.match(signal.body.Reason, /could not read its script from the stack metadata \(cloudformation:DescribeStackResource failed/);
    assert.equal(run.awsCalls.length, 6, 'six attempts, then the report');
    assert.equal(run.shutdownCalls.length, 1);
  });

  it('escapes any reason into a valid JSON string (quotes, backslashes, control characters)', () => {
    const bash = requireTool('bash', 'bash');
    const script = join(TATOR_FILES_DIR, 'tator-install.sh');
    const env = {
      ...process.env,
      TATOR_STACK_NAME: 's', TATOR_REGION: 'us-east-1', TATOR_CLUSTER_NAME: 'c', TATOR_MANIFEST_RESOURCE: 'R', TATOR_SIGNAL_URL: 'https://x/',
      TATOR_DB_SECRET_ARN: 'a', TATOR_DJANGO_SECRET_ARN: 'a', TATOR_ADMIN_SECRET_ARN: 'a',
    };
    const nasty = 'say "hi" \\ back\\slash\ttab\nnew line \u0001 end';
    const run = spawnSync(bash, ['-c', `source ${JSON.stringify(script)} && json_string "$1"`, 'json', nasty], { env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout), 'say "hi" \\ back\\slash tab new line   end');
  });
});
