import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { parseTemplate } from '../../../../src/core/cfn/parseTemplate';
import { gpuScaleChoices, gpuScaleRequest } from '../../../../src/core/kinds/tator/gpuScale';
import { DEFAULT_TATOR_SIZING } from '../../../../src/core/kinds/tator/tatorCost';
import { TATOR_KIND } from '../../../../src/core/kinds/tator/tatorKind';
import { prepareTator } from '../../../../src/core/kinds/tator/tatorPrepare';
import { tatorCostLine, tatorSizingOf } from '../../../../src/core/kinds/tator/tatorSizing';
import { probeTator, tatorClusterName, tatorUrl } from '../../../../src/core/kinds/tator/tatorStack';
import type { KindPrepareContext } from '../../../../src/core/kinds/kindTypes';

const ROOT = join(__dirname, '../../../..');
const TEMPLATE = parseTemplate(readFileSync(join(ROOT, 'templates/tator.template.json'), 'utf8'), 'templates/tator.template.json');
const SMALL = '{"Resources":{"Bucket":{"Type":"AWS::S3::Bucket"}}}';
const stack = (outputs: Record<string, string>) => ({ stackName: 'tator-a', outputs: Object.entries(outputs).map(([key, value]) => ({ key, value })) });

function context(values: Record<string, string>, body = TEMPLATE): KindPrepareContext {
  return {
    operation: 'create', region: 'us-east-1', stackName: 'tator-a', template: body, values,
    clients: undefined as never, storageDirectory: async () => { throw new Error('Tator generates nothing'); }, progress: () => undefined,
    readShippedFile: async () => { throw new Error('Tator stages no shipped file'); },
  };
}

describe('Tator record and actions (core)', () => {
  it('the record ships the template, prices the default size at $0.6174/h and offers the three actions', () => {
    assert.equal(TATOR_KIND.templateFile, 'templates/tator.template.json');
    assert.equal(TATOR_KIND.cost.usdPerHour, 0.6174);
    assert.deepEqual(TATOR_KIND.actions, ['writeKubeconfig', 'openTator', 'scaleGpuWorkers']);
  });

  it('reads the sizing from parameter values, refusing what the price table does not know', () => {
    assert.deepEqual(tatorSizingOf({}), { sizing: DEFAULT_TATOR_SIZING, unknown: [] });
    const read = tatorSizingOf({ GpuWorkers: '3', GpuInstanceType: 'g5.xlarge', CpuWorkers: '11', DatabaseInstanceClass: 'db.x1.huge', CpuInstanceType: 'toString' });
    assert.equal(read.sizing.gpuWorkers, 3);
    assert.equal(read.sizing.gpuInstanceType, 'g5.xlarge');
    assert.equal(read.sizing.cpuWorkers, 2, 'out of the template range: the default');
    assert.equal(read.sizing.cpuInstanceType, 'm5.xlarge', 'a prototype key is not a price');
    assert.deepEqual([...read.unknown].sort(), ['CpuInstanceType', 'CpuWorkers', 'DatabaseInstanceClass']);
    assert.equal(tatorSizingOf({ GpuWorkers: '1.5' }).sizing.gpuWorkers, 0);
  });

  it('prices 0 and N GPU workers: $0.6174/h plus $0.5378/h per g4dn.xlarge node', () => {
    assert.equal(tatorCostLine(DEFAULT_TATOR_SIZING), '~$0.62/h with 0 GPU workers (2 × m5.xlarge, db.t4g.small); each g4dn.xlarge GPU worker adds ~$0.54/h');
    const choices = gpuScaleChoices({ ...DEFAULT_TATOR_SIZING, gpuWorkers: 1 });
    assert.deepEqual(choices.map((c) => c.gpuWorkers), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(choices.filter((c) => c.current).map((c) => c.gpuWorkers), [1]);
    assert.equal(choices[0]!.usdPerHour, 0.6174);
    assert.equal(choices[0]!.deltaUsdPerHour, -0.5378);
    // Each line is rounded to 4 decimals on its own, so two nodes may differ from twice one by 0.0001.
    assert.ok(Math.abs(choices[3]!.deltaUsdPerHour - 2 * 0.5378) < 0.00015, String(choices[3]!.deltaUsdPerHour));
  });

  it('prepare: the review notes give the cost and say that the template is staged; a small template is not', async () => {
    const big = await prepareTator(context({ GpuWorkers: '2', AllowedCidr: '127.0.0.1/32' }));
    assert.deepEqual(big.blockers ?? [], []);
    assert.deepEqual(big.values ?? {}, {});
    assert.equal(big.notes?.length, 2);
    assert.match(big.notes![0]!, /^Cost: ~\$1\.69\/h with 2 GPU workers/);
    assert.match(big.notes![1]!, /The template is 158 KB, over CloudFormation's 51,200-byte limit/);
    const small = await prepareTator(context({ CpuInstanceType: 'm9.mega' }, parseTemplate(SMALL, 'small')));
    assert.deepEqual(small.notes?.slice(1), ['Cost estimated with the template\'s defaults for CpuInstanceType (values the price table does not know).']);
  });

  it('scaling is an update of GpuWorkers on the running template, other values as they are', () => {
    const current = { AllowedCidr: '127.0.0.1/32', GpuWorkers: '0', CpuWorkers: '3' };
    const request = gpuScaleRequest({ region: 'us-east-1', stackName: 'tator-a', tags: { 'imaging-lab:kind': 'tator' } }, TEMPLATE, current, 4, '0.1.0');
    assert.equal(request.operation, 'update');
    assert.deepEqual(request.values, { AllowedCidr: '127.0.0.1/32', GpuWorkers: '4', CpuWorkers: '3' });
    assert.deepEqual(request.existing, { values: current, tags: { 'imaging-lab:kind': 'tator' }, templateChanged: false });
    assert.deepEqual(request.keepPrevious, []);
    assert.throws(() => gpuScaleRequest({ region: 'us-east-1', stackName: 'x', tags: {} }, TEMPLATE, current, 11, '0'), /0 to 10/);
    assert.throws(() => gpuScaleRequest({ region: 'us-east-1', stackName: 'x', tags: {} }, parseTemplate(SMALL, 'old'), current, 1, '0'), /without a GpuWorkers parameter/);
  });

  it('outputs are untrusted: the cluster name and the Tator address are checked before use', () => {
    assert.equal(tatorClusterName(stack({ ClusterName: 'EksCluster-AbC_1' })), 'EksCluster-AbC_1');
    for (const bad of ['', '-x', 'a b', 'x;rm', 'a'.repeat(101)]) assert.throws(() => tatorClusterName(stack({ ClusterName: bad })), /not an EKS cluster name/, bad);
    assert.throws(() => tatorClusterName(stack({})), /has no ClusterName output/);
    assert.equal(tatorUrl(stack({ TatorUrl: 'http://k8s-tator-nginx-0a1b2c3d4e.elb.us-east-1.amazonaws.com/' })).host, 'k8s-tator-nginx-0a1b2c3d4e.elb.us-east-1.amazonaws.com');
    assert.equal(tatorUrl(stack({ TatorUrl: 'https://127.0.0.1:8443/' })).port, '8443');
    const bad = ['javascript:alert(1)//', 'http://x/a', 'http://user@x/', 'file:///etc/passwd', 'http://x/?q', 'http://X.example/', 'http://x:99999/', 'http://x', 'command:foo'];
    for (const url of bad) assert.throws(() => tatorUrl(stack({ TatorUrl: url })), /not the address of a Tator site/, url);
  });

  describe('probeTator', () => {
    let server: Server;
    let port = 0;
    const statuses: number[] = [];
    before(async () => {
      server = createServer((_req, res) => res.writeHead(statuses.shift() ?? 200, { location: '/accounts/login/' }).end());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      port = (server.address() as { port: number }).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('counts a redirect to the login as an answer, a 5xx and a closed port as none, with the reason', async () => {
      const url = new URL(`http://127.0.0.1:${port}/`);
      statuses.push(302, 503);
      assert.deepEqual(await probeTator(url), { ok: true, status: 302 });
      assert.deepEqual(await probeTator(url), { ok: false, reason: 'it answered HTTP 503' });
      const closed = await new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as { port: number }).port;
          s.close(() => resolve(p));
        });
      });
      const refused = await probeTator(new URL(`http://127.0.0.1:${closed}/`));
      assert.equal(refused.ok, false);
      assert.match(refused.ok ? '' : refused.reason, /connection failed \(ECONNREFUSED\)/);
    });
  });
});
