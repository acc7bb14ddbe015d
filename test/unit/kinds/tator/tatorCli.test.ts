import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRIPTED_ACCOUNT_ID, scriptedAccount } from '../../../fakeaws/scriptedAccount';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';
import { runCliForTest } from '../../../support/runCliForTest';

const REGION = 'us-east-1';

describe('imaging-lab deploy tator / kubeconfig (against the fake AWS endpoint)', function () {
  this.timeout(60000);
  let fake: FakeAws;
  const keys = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'] as const;
  let saved: Partial<Record<(typeof keys)[number], string>> = {};
  beforeEach(async () => {
    const scripted = scriptedAccount();
    // The scripted account (its Tator stack is in eu-west-1), with an empty us-east-1 to deploy into.
    fake = await startFakeAws({ ...scripted, operationDurationMs: 1500, regions: { ...scripted.regions, [REGION]: { stacks: [] } } });
    saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    // The SDK's default chain reads the process environment: the CLI's own process would have these.
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' });
    delete process.env.AWS_PROFILE;
  });
  afterEach(async () => {
    for (const k of keys) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await fake.close();
  });

  it('goes through the deploy use case: the Tator notes, the template staged in S3 (with --yes), the stack created and followed to its outputs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'il-tator-cli-'));
    const args = ['deploy', 'tator', '--stack-name', 'tator-cli', '--region', REGION, '--param', 'AllowedCidr=127.0.0.1/32', '--param', 'GpuWorkers=1', '--yes'];
    const run = await runCliForTest(args, { AWS_ENDPOINT_URL: fake.url, HOME: home, XDG_DATA_HOME: join(home, 'data') });
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.err, /Cost: ~\$1\.16\/h with 1 GPU worker \(2 × m5\.xlarge, db\.t4g\.small\); each g4dn\.xlarge GPU worker adds ~\$0\.54\/h/);
    assert.match(run.err, /The template is 158 KB, over CloudFormation's 51,200-byte limit/);
    assert.match(run.out, /\nGpuWorkers: +1\n/);
    assert.match(run.out, /tags?:.*imaging-lab:kind=tator/i);
    const actions = fake.requests.map((r) => `${r.service}:${r.action}`);
    const put = actions.indexOf('s3:PutObject');
    const create = actions.indexOf('cloudformation:CreateStack');
    assert.ok(put >= 0 && create > put, `the template is staged before CreateStack: ${actions.join(' ')}`);
    const createParams = fake.requests[create]?.params as Record<string, string>;
    assert.match(createParams.TemplateURL ?? '', new RegExp(`^https://imaging-lab-templates-${SCRIPTED_ACCOUNT_ID}-us-east-1\\.s3\\.us-east-1\\.amazonaws\\.com/templates/`));
    assert.equal(createParams.TemplateBody, undefined);
    assert.match(run.out, /ClusterName/);
  });

  it('kubeconfig: writes the Tator cluster of a stack into the given kubeconfig, keeping what was there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il-tator-kube-'));
    const file = join(dir, 'config');
    const mine = '# mine\napiVersion: v1\nkind: Config\ncurrent-context: lab\ncontexts:\n  - name: lab\n    context: {cluster: lab, user: me}\nclusters: []\nusers: []\n';
    writeFileSync(file, mine, { mode: 0o600 });
    const run = await runCliForTest(['kubeconfig', 'tator-annotation', '--region', 'eu-west-1', '--kubeconfig', file], { HOME: dir });
    assert.equal(run.code, 0, run.err);
    const arn = `arn:aws:eks:eu-west-1:${SCRIPTED_ACCOUNT_ID}:cluster/tator-annotation-eks`;
    assert.equal(run.out, `${arn}\n`);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('# mine\n'), text);
    assert.match(text, /^current-context: lab$/m);
    assert.ok(text.includes(`- name: ${arn}`), text);
    assert.match(text, /server: https:\/\/127\.0\.0\.1:6443/);
    assert.match(text, /--cluster-name\n\s+- tator-annotation-eks/);
    assert.match(run.err, /previous file kept as .*config\.imaging-lab-\d{8}T\d{6}\.bak/);
    assert.deepEqual(fake.requests.filter((r) => r.service === 'eks').map((r) => [r.action, r.region]), [['DescribeCluster', 'eu-west-1']]);

    const notTator = await runCliForTest(['kubeconfig', 'mde-research', '--region', 'eu-west-1', '--kubeconfig', file], { HOME: dir });
    assert.equal(notTator.code, 1);
    assert.match(notTator.err, /mde-research is not a complete Tator stack/);
  });
});
