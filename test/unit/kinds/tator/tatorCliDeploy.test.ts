import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';
import { runCliForTest } from '../../../support/runCliForTest';

const REGION = 'us-east-1';

describe('imaging-lab deploy tator (against the fake AWS endpoint)', function () {
  this.timeout(60000);
  let fake: FakeAws;
  const keys = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE'] as const;
  let saved: Partial<Record<(typeof keys)[number], string>> = {};
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: '111122223333', userName: 'researcher', operationDurationMs: 1500, regions: { [REGION]: { stacks: [] } } });
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
    assert.match(run.out, /GpuWorkers = 1/);
    assert.match(run.out, /tags?:.*imaging-lab:kind=tator/i);
    const actions = fake.requests.map((r) => `${r.service}:${r.action}`);
    const put = actions.indexOf('s3:PutObject');
    const create = actions.indexOf('cloudformation:CreateStack');
    assert.ok(put >= 0 && create > put, `the template is staged before CreateStack: ${actions.join(' ')}`);
    const createParams = fake.requests[create]?.params as Record<string, string>;
    assert.match(createParams.TemplateURL ?? '', /^https:\/\/imaging-lab-templates-111122223333-us-east-1\.s3\.us-east-1\.amazonaws\.com\/templates\//);
    assert.equal(createParams.TemplateBody, undefined);
    assert.match(run.out, /ClusterName/);
  });
});
