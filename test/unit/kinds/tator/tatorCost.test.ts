import assert from 'node:assert/strict';
import { DEFAULT_TATOR_SIZING, gpuScaleCost, GPU_WORKER_PRICES, tatorHourlyCost } from '../../../../src/core/kinds/tator/tatorCost';
import { synthOf } from '../../iac/synthFixture';

// Synthesized CloudFormation JSON has no static type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('Tator cost per hour (us-east-1 list prices, estimates)', () => {
  it('prices the default stack with no GPU worker, every line labelled and summed', () => {
    const cost = tatorHourlyCost(DEFAULT_TATOR_SIZING);
    assert.deepEqual(
      cost.items.map((i) => [i.item, i.usdPerHour]),
      [
        ['EKS control plane (standard support)', 0.1],
        ['CPU workers: 2 × m5.xlarge', 0.384],
        ['CPU worker volumes: 2 × 58 GB gp3', 0.0127],
        ['PostgreSQL: RDS db.t4g.small, single-AZ', 0.032],
        ['PostgreSQL storage: 20 GB gp3', 0.0032],
        ['NAT gateway (one, with its public IPv4 address)', 0.05],
        ['Network load balancer (nginx), two public IPv4 addresses', 0.0325],
        ['KMS key', 0.0014],
        ['Secrets Manager: 3 secrets', 0.0016],
      ],
    );
    assert.equal(cost.usdPerHour, 0.6174);
    assert.match(cost.note, /^Estimate from us-east-1 on-demand list prices/);
    assert.match(cost.note, /EFS storage/);
  });

  it('adds each GPU worker and its volumes, and says what scaling changes', () => {
    const { before, after, deltaUsdPerHour } = gpuScaleCost(DEFAULT_TATOR_SIZING, 2);
    assert.equal(before.usdPerHour, 0.6174);
    assert.ok(after.items.some((i) => i.item === 'GPU workers: 2 × g4dn.xlarge' && i.usdPerHour === 1.052));
    assert.ok(after.items.some((i) => i.item === 'GPU worker volumes: 2 × 108 GB gp3' && i.usdPerHour === 0.0237));
    assert.equal(deltaUsdPerHour, 1.0757);
    assert.equal(gpuScaleCost({ ...DEFAULT_TATOR_SIZING, gpuWorkers: 2 }, 0).deltaUsdPerHour, -1.0757);
    assert.ok(!before.items.some((i) => i.item.startsWith('GPU')));
  });

  it('prices exactly the instance types and classes the template allows, with the same defaults', function () {
    this.timeout(180_000);
    const p = synthOf('tator').template.Parameters as Json;
    assert.deepEqual([...p.GpuInstanceType.AllowedValues].sort(), Object.keys(GPU_WORKER_PRICES).sort());
    assert.equal(p.CpuInstanceType.Default, DEFAULT_TATOR_SIZING.cpuInstanceType);
    assert.equal(p.DatabaseInstanceClass.Default, DEFAULT_TATOR_SIZING.databaseClass);
    assert.equal(p.GpuWorkers.Default, 0);
    for (const type of p.CpuInstanceType.AllowedValues as string[]) assert.ok(tatorHourlyCost({ ...DEFAULT_TATOR_SIZING, cpuInstanceType: type as never }).usdPerHour > 0);
    for (const type of p.DatabaseInstanceClass.AllowedValues as string[]) assert.ok(tatorHourlyCost({ ...DEFAULT_TATOR_SIZING, databaseClass: type as never }).usdPerHour > 0);
  });
});
