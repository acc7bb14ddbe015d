import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients } from '../../../src/core/aws/clients';
import { idleStops } from '../../../src/core/billing/idleStops';
import { PriceBook } from '../../../src/core/billing/priceBook';
import { PriceCache } from '../../../src/core/billing/priceCache';
import { stackCost } from '../../../src/core/billing/stackCost';
import { powerTargets } from '../../../src/core/power/powerTargets';
import { runPower } from '../../../src/core/power/runPower';
import { describeStack } from '../../../src/core/ssh/describeStack';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';

const REGION = 'us-east-1';
const FAST = { minDelay: 0.05, maxDelay: 0.1, maxWait: 10 };

/**
 * The fake endpoint's power, billing and CloudWatch operations through the product's own core and
 * real SDK clients (wire formats parsed by the SDK, not by the fake).
 */
describe('fake AWS endpoint: stop, start, prices, idle history (real SDK clients)', () => {
  let fake: FakeAws;
  let clients: AwsClients;
  let dir: string;
  const saved = process.env.AWS_ENDPOINT_URL;

  beforeEach(async () => {
    fake = await startFakeAws(scriptedAccount());
    process.env.AWS_ENDPOINT_URL = fake.url;
    clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-fake-power-'));
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await clients.dispose();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function host(withoutElasticIp: boolean): Promise<string> {
    const response = await fetch(`${fake.url}/__fakeaws/ssh-host`, {
      method: 'POST',
      body: JSON.stringify({ region: REGION, stackName: 'power-host', kind: 'lab', port: 2222, user: 'ec2-user', privateKey: 'k', hostKeyLine: 'ssh-ed25519 AAAA', withoutElasticIp }),
    });
    return ((await response.json()) as { instanceId: string }).instanceId;
  }

  async function script(body: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${fake.url}/__fakeaws/power`, { method: 'POST', body: JSON.stringify({ region: REGION, ...body }) });
    assert.equal(response.status, 200, await response.text());
  }

  it('stops and starts with state transitions; the start brings the scripted address, no DNS name, a new launch time', async () => {
    const id = await host(true);
    await script({ instanceId: id, addressAfterStart: '127.0.0.2', publicDns: false, transitionMs: 300, consoleAfterStart: '' });
    const stack = await describeStack(clients, REGION, 'power-host');
    const seen: string[] = [];
    const deps = { clients, region: REGION, timing: FAST, progress: (p: { states?: Record<string, string> }) => p.states && seen.push(p.states[id] ?? '') };
    const [stopped] = await runPower(deps, 'stop', await powerTargets(clients, stack));
    assert.equal(stopped?.outcome, 'done', stopped?.message);
    assert.ok(seen.includes('stopping') && seen.at(-1) === 'stopped', seen.join(','));
    const before = await powerTargets(clients, stack);
    assert.equal(before[0]?.publicIp, undefined, 'a stopped instance has released its public IP');
    const [started] = await runPower(deps, 'start', before);
    assert.equal(started?.outcome, 'done', started?.message);
    assert.deepEqual(started?.after, { publicIp: '127.0.0.2' });
    const [again] = await runPower(deps, 'start', await powerTargets(clients, stack));
    assert.equal(again?.outcome, 'unchanged');
    assert.deepEqual(fake.requests.filter((r) => /^(Stop|Start)Instances$/.test(r.action)).map((r) => r.action), ['StopInstances', 'StartInstances']);
  });

  it('a start refused for capacity is explained; the next one succeeds', async () => {
    const id = await host(true);
    await script({ instanceId: id, transitionMs: 100, capacityFailures: 1 });
    const stack = await describeStack(clients, REGION, 'power-host');
    const deps = { clients, region: REGION, timing: FAST };
    await runPower(deps, 'stop', await powerTargets(clients, stack));
    const [refused] = await runPower(deps, 'start', await powerTargets(clients, stack));
    assert.equal(refused?.outcome, 'failed');
    assert.match(refused?.message ?? '', /no free t3\.medium capacity in us-east-1a[\s\S]*try Start again/);
    const [started] = await runPower(deps, 'start', await powerTargets(clients, stack));
    assert.equal(started?.outcome, 'done');
  });

  it("prices a stack from the fake's Price List and reads its idle-stop history from CloudWatch", async () => {
    const id = await host(true);
    const stack = await describeStack(clients, REGION, 'power-host');
    const book = new PriceBook({ clients, cache: new PriceCache(dir) });
    const running = await stackCost(clients, book, stack);
    assert.deepEqual(
      running.lines.map((l) => [l.label, l.source]),
      [
        ['server: t3.medium (running)', 'price-list'],
        ['public IPv4 of server 127.0.0.1', 'price-list'],
        ['server volume: 30 GB gp3', 'price-list'],
      ],
    );
    assert.ok(Math.abs(running.usdPerHour - (0.0416 + 0.005 + (30 * 0.08) / 730)) < 1e-6);
    const deps = { clients, region: REGION, timing: FAST };
    await script({ instanceId: id, transitionMs: 50, addressAfterStart: '127.0.0.2' });
    await runPower(deps, 'stop', await powerTargets(clients, stack));
    await runPower(deps, 'start', await powerTargets(clients, stack));
    await script({ instanceId: id, idleStopAlarm: 'power-host-IdleStopAlarm' });
    await new Promise((r) => setTimeout(r, 100));
    const stops = await idleStops(clients, REGION, stack.stackId, [id]);
    assert.equal(stops.length, 1);
    assert.deepEqual([stops[0]?.alarmName, stops[0]?.thresholdPercent, stops[0]?.minutes], ['power-host-IdleStopAlarm', 10, 60]);
    const stopped = await stackCost(clients, new PriceBook({ clients, cache: new PriceCache(dir) }), stack);
    assert.equal(stopped.lines[0]?.label, 'server: t3.medium stopped, compute not billed');
  });

  it('answers the RDS, NAT and Client VPN reads of the cost view for a stack without them', async () => {
    const stack = await describeStack(clients, REGION, 'orthanc-research');
    const cost = await stackCost(clients, new PriceBook({ clients, cache: new PriceCache(dir) }), stack);
    assert.ok(cost.lines.some((l) => l.label.startsWith('orthanc: t3.medium (running)')));
    const rds = await clients.get('rds', REGION);
    const { DescribeDBInstancesCommand } = await import('@aws-sdk/client-rds');
    const answer = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ['none'] }] }));
    assert.deepEqual(answer.DBInstances, []);
  });
});
