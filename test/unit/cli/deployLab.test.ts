import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { runCliForTest } from '../../support/runCliForTest';

const REGION = 'us-east-1';

describe('imaging-lab deploy lab (CLI over the core deploy use case, fake AWS endpoint)', function () {
  this.timeout(60_000);
  let fake: FakeAws;
  const KEYS = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  let saved: Partial<Record<(typeof KEYS)[number], string>> = {};
  let data: string;
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: '111122223333', userName: 'researcher', pageSize: 50, operationDurationMs: 1000, regions: { [REGION]: { stacks: [] } } });
    saved = Object.fromEntries(KEYS.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' });
    data = mkdtempSync(join(tmpdir(), 'lab-cli-'));
  });
  afterEach(async () => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await fake.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('with the Client VPN on: prepare makes the certificates (0600 under XDG_DATA_HOME), imports into ACM, stages the template in S3 (--yes) and creates the stack with the ARNs', async () => {
    const args = ['deploy', 'lab', '--stack-name', 'cli-lab', '--region', REGION, '--param', 'AllowedCidr=127.0.0.1/32', '--param', 'EnableClientVpn=true', '--yes'];
    const { code, out, err } = await runCliForTest(args, { XDG_DATA_HOME: data });
    assert.equal(code, 0, `${out}\n${err}`);
    assert.match(err, /Client VPN: certificates made here .* imported into ACM as arn:aws:acm:us-east-1:111122223333:certificate\//);
    const stack = fake.state.findStack(REGION, 'cli-lab');
    assert.ok(stack, 'the stack exists on the fake');
    const arn = [...fake.state.certificates.keys()][0] ?? '';
    assert.equal(fake.state.certificates.size, 1);
    assert.equal(stack.parameters.ClientVpnServerCertificateArn, arn);
    assert.equal(stack.parameters.ClientVpnClientCaArn, arn);
    assert.equal(stack.tags['imaging-lab:kind'], 'lab');
    // With its Costs group (idle auto-stop, budget, cost tags) the template is over CloudFormation's 51,200-byte inline limit:
    // --yes consents to the staging bucket, the template goes to S3 and CreateStack reads it by URL.
    assert.match(err, /over CloudFormation's 51,200-byte limit/);
    const actions = fake.requests.map((r) => `${r.service}:${r.action}`);
    const put = actions.indexOf('s3:PutObject');
    const create = actions.indexOf('cloudformation:CreateStack');
    assert.ok(put >= 0 && create > put, `the template is staged before CreateStack: ${actions.join(' ')}`);
    const createParams = fake.requests[create]?.params as Record<string, string>;
    assert.match(createParams.TemplateURL ?? '', /^https:\/\/imaging-lab-templates-111122223333-us-east-1\.s3\.us-east-1\.amazonaws\.com\/templates\//);
    assert.equal(createParams.TemplateBody, undefined);
    const dir = join(data, 'imaging-lab', 'kinds', 'lab', REGION.replace(/[^A-Za-z0-9-]/g, '_'), 'cli-lab');
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'vpn-client.key')).mode & 0o777, 0o600);
  });

  it('with the VPN off: no certificate, no ACM call', async () => {
    const { code, out, err } = await runCliForTest(['deploy', 'lab', '--stack-name', 'cli-lab-plain', '--region', REGION, '--param', 'AllowedCidr=127.0.0.1/32', '--yes'], { XDG_DATA_HOME: data });
    assert.equal(code, 0, `${out}\n${err}`);
    assert.equal(fake.requests.filter((r) => r.service === 'acm').length, 0);
    const plain = fake.state.findStack(REGION, 'cli-lab-plain');
    assert.ok(plain, 'created');
    assert.equal(plain.parameters.EnableClientVpn ?? 'false', 'false', 'the template default (off)');
    assert.equal(plain.parameters.ClientVpnServerCertificateArn ?? '', '');
  });
});
