import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import {
  DescribeClientVpnConnectionsCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeVolumesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient, type GetProductsCommandInput } from '@aws-sdk/client-pricing';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { costSummary, stackCostLines } from '../../../src/core/billing/costText';
import { PriceBook } from '../../../src/core/billing/priceBook';
import { PriceCache } from '../../../src/core/billing/priceCache';
import { priceFromList } from '../../../src/core/billing/priceList';
import { stackCost, type StackRef } from '../../../src/core/billing/stackCost';
import { matchingProducts, priceListEntry, priceListProducts } from '../../fixtures/priceList';
import { instanceShape, reservations } from '../power/ec2Shapes';
import { awsError, mockDuringSuite, testClients } from '../ssh/awsFakes';

const MDE: StackRef = { stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/mde-a/0a1b', stackName: 'mde-a', region: 'us-east-1' };
const INSTANCE = 'i-0abc1234567890def';

function resource(type: string, logicalId: string, physicalId: string): StackResourceSummary {
  return { LogicalResourceId: logicalId, PhysicalResourceId: physicalId, ResourceType: type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date('2026-11-20T08:00:00Z') };
}

function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} ≈ ${expected}`);
}

describe('what a stack costs now', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const pricing = mockDuringSuite(PricingClient);
  const rds = mockDuringSuite(RDSClient);
  let dir: string;
  let now = Date.parse('2026-11-29T12:00:00Z');

  function book(): PriceBook {
    return new PriceBook({ clients: testClients(), cache: new PriceCache(dir, () => now), now: () => now });
  }

  function priceListAnswers(): void {
    pricing.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => ({
      FormatVersion: 'aws_v1',
      PriceList: matchingProducts(priceListProducts(), input.ServiceCode ?? '', input.Filters ?? []).map(priceListEntry),
    }));
  }

  function mdeStack(state: 'running' | 'stopped', type = 'g4dn.xlarge'): void {
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        resource('AWS::EC2::Instance', 'MdeInstance', INSTANCE),
        resource('AWS::EC2::EIP', 'ServerElasticIp868D7766', '127.0.0.5'),
        resource('AWS::KMS::Key', 'SecretsKey9BF95D68', 'key-1'),
      ],
    });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(INSTANCE, { state, type, ...(state === 'running' ? { publicIp: '127.0.0.5', elastic: true } : {}) })));
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0aaa0000000000001', Size: 200, VolumeType: 'gp3', Iops: 3000, Throughput: 125, State: 'in-use', Attachments: [{ InstanceId: INSTANCE, State: 'attached', Device: '/dev/sda1' }] }] });
  }

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-prices-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prices a running MDE stack from the Price List API: instance, its EBS volume and the Elastic IP', async () => {
    mdeStack('running');
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), MDE);
    assert.deepEqual(
      cost.lines.map((l) => [l.label, l.source]),
      [
        ['mde: g4dn.xlarge (running)', 'price-list'],
        ['mde volume: 200 GB gp3', 'price-list'],
        ['Elastic IP 127.0.0.5', 'price-list'],
      ],
    );
    near(cost.usdPerHour, 0.526 + (200 * 0.08) / 730 + 0.005);
    assert.equal(costSummary([cost]), '≈ $0.55/h');
    const ec2Query = pricing.commandCalls(GetProductsCommand)[0]?.args[0].input;
    assert.equal(ec2Query?.ServiceCode, 'AmazonEC2');
    assert.deepEqual(ec2Query?.Filters?.find((f) => f.Field === 'instanceType'), { Type: 'TERM_MATCH', Field: 'instanceType', Value: 'g4dn.xlarge' });
    assert.ok(ec2Query?.Filters?.some((f) => f.Field === 'regionCode' && f.Value === 'us-east-1'));
    assert.match(stackCostLines(cost).join('\n'), /Billed by use, not in the figure: KMS keys/);
  });

  it('counts only storage (and the Elastic IP) for a stopped instance', async () => {
    mdeStack('stopped');
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), MDE);
    assert.equal(cost.lines[0]?.label, 'mde: g4dn.xlarge stopped, compute not billed');
    assert.equal(cost.lines[0]?.usdPerHour, 0);
    near(cost.usdPerHour, (200 * 0.08) / 730 + 0.005);
    assert.equal(pricing.commandCalls(GetProductsCommand).some((c) => c.args[0].input.Filters?.some((f) => f.Field === 'instanceType')), false, 'no compute price asked for');
  });

  it('falls back to the catalog, labelled so, when the Price List API cannot be reached, and asks it only once', async () => {
    mdeStack('running');
    pricing.on(GetProductsCommand).rejects(Object.assign(new Error('connect ETIMEDOUT 127.0.0.1:443'), { code: 'ETIMEDOUT', $metadata: {} }));
    const cost = await stackCost(testClients(), book(), MDE);
    assert.deepEqual([...new Set(cost.lines.map((l) => l.source))], ['catalog-offline']);
    near(cost.usdPerHour, 0.526 + (200 * 0.08) / 730 + 0.005);
    assert.match(cost.unreachable ?? '', /Cannot reach AWS/);
    assert.equal(pricing.commandCalls(GetProductsCommand).length, 1);
    const text = stackCostLines(cost).join('\n');
    assert.match(text, /catalog us-east-1 price, Price List API unreachable/);
    assert.match(text, /Price List API unreachable \(/);
  });

  it('an instance type neither the Price List nor the catalog knows is left out of the total and said so', async () => {
    mdeStack('running', 'x9z.mega');
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), MDE);
    const line = cost.lines.find((l) => l.label.startsWith('mde: x9z.mega'));
    assert.equal(line?.source, 'unknown');
    assert.equal(line?.usdPerHour, undefined);
    assert.equal(cost.unpriced, 1);
    near(cost.usdPerHour, (200 * 0.08) / 730 + 0.005);
    assert.equal(costSummary([cost]), '≈ $0.027/h +?');
    assert.match(stackCostLines(cost).join('\n'), /mde: x9z\.mega \(running\): \? \(price unknown, not in the total\)/);
  });

  it('caches prices on disk for a day per region (0600), then asks again', async () => {
    mdeStack('running');
    priceListAnswers();
    const cache = new PriceCache(dir, () => now);
    await stackCost(testClients(), new PriceBook({ clients: testClients(), cache, now: () => now }), MDE);
    await cache.save();
    const file = join(dir, 'prices-us-east-1.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /"ec2:g4dn\.xlarge"/);
    const calls = pricing.commandCalls(GetProductsCommand).length;
    await stackCost(testClients(), book(), MDE);
    assert.equal(pricing.commandCalls(GetProductsCommand).length, calls, 'served from the file');
    now += 25 * 3600_000;
    await stackCost(testClients(), book(), MDE);
    assert.equal(pricing.commandCalls(GetProductsCommand).length, calls + 3, 'a day later every price is asked again');
  });

  it('drops a tampered cache entry instead of using it', async () => {
    writeFileSync(join(dir, 'prices-us-east-1.json'), JSON.stringify({ entries: { 'ec2:g4dn.xlarge': { at: now, usdPerUnitHour: -5, sku: 'x' } } }));
    mdeStack('running');
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), MDE);
    near(cost.lines[0]?.usdPerHour ?? 0, 0.526);
  });

  it('reads NAT gateways, Client VPN associations and connections, load balancers, RDS and EKS from AWS', async () => {
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        resource('AWS::EC2::NatGateway', 'Nat', 'nat-0abc'),
        resource('AWS::EC2::EIP', 'NatIp', '127.0.1.50'),
        resource('AWS::EC2::ClientVpnEndpoint', 'Vpn', 'cvpn-endpoint-0abc'),
        resource('AWS::ElasticLoadBalancingV2::LoadBalancer', 'Nlb', 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tator-nlb/50dc6c495c0c9188'),
        resource('AWS::RDS::DBInstance', 'Db', 'tator-db'),
        resource('AWS::EKS::Cluster', 'Eks', 'tator-cluster'),
      ],
    });
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [{ NatGatewayId: 'nat-0abc', State: 'available' }] });
    ec2.on(DescribeClientVpnTargetNetworksCommand).resolves({ ClientVpnTargetNetworks: [{ AssociationId: 'cvpn-assoc-1', Status: { Code: 'associated' } }, { AssociationId: 'cvpn-assoc-2', Status: { Code: 'disassociated' } }] });
    ec2.on(DescribeClientVpnConnectionsCommand).resolves({ Connections: [{ ConnectionId: 'cvpn-connection-1', Status: { Code: 'active' } }, { ConnectionId: 'cvpn-connection-2', Status: { Code: 'terminated' } }] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'tator-db', DBInstanceClass: 'db.t4g.small', Engine: 'postgres', MultiAZ: false, DBInstanceStatus: 'available', AllocatedStorage: 20, StorageType: 'gp3' }] });
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), { ...MDE, stackName: 'tator-a' });
    assert.deepEqual(
      cost.lines.map((l) => [l.label, l.usdPerHour !== undefined ? Math.round(l.usdPerHour * 10000) / 10000 : undefined, l.source]),
      [
        ['Elastic IP 127.0.1.50', 0.005, 'price-list'],
        ['NAT gateway nat-0abc (available)', 0.045, 'price-list'],
        ['Client VPN cvpn-endpoint-0abc: 1 subnet association', 0.1, 'price-list'],
        ['Client VPN cvpn-endpoint-0abc: 1 active connection', 0.05, 'price-list'],
        ['network load balancer tator-nlb', 0.0225, 'price-list'],
        ['RDS tator-db: db.t4g.small PostgreSQL Single-AZ', 0.032, 'price-list'],
        ['RDS tator-db storage: 20 GB gp3', 0.0032, 'price-list'],
        ['EKS control plane tator-cluster', 0.1, 'price-list'],
      ],
    );
    assert.deepEqual(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input.Filters, [{ Name: 'tag:eks:cluster-name', Values: ['tator-cluster'] }], 'EKS nodes are found by their cluster tag');
  });

  it('counts the instances an Auto Scaling group of the stack launched (found by their group tag)', async () => {
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [resource('AWS::AutoScaling::AutoScalingGroup', 'ServiceGroup', 'stowrs-a-ServiceGroup-1X2Y')] });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(INSTANCE, { state: 'running', type: 't3.micro' })));
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), { ...MDE, stackName: 'stowrs-a' });
    assert.deepEqual(ec2.commandCalls(DescribeInstancesCommand)[0]?.args[0].input.Filters, [{ Name: 'tag:aws:autoscaling:groupName', Values: ['stowrs-a-ServiceGroup-1X2Y'] }]);
    assert.deepEqual(cost.lines.map((l) => [l.label, l.usdPerHour, l.source]), [['mde: t3.micro (running)', 0.0104, 'price-list']]);
  });

  it('a stopped RDS instance counts its storage only', async () => {
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [resource('AWS::RDS::DBInstance', 'Db', 'tator-db')] });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'tator-db', DBInstanceClass: 'db.t4g.small', Engine: 'postgres', MultiAZ: false, DBInstanceStatus: 'stopped', AllocatedStorage: 20, StorageType: 'gp3' }] });
    priceListAnswers();
    const cost = await stackCost(testClients(), book(), MDE);
    assert.deepEqual(cost.lines.map((l) => l.label), ['RDS tator-db: stopped, compute not billed', 'RDS tator-db storage: 20 GB gp3']);
  });

  it('reads only the on-demand dimension of the wanted unit and skips entries that are not JSON', () => {
    const entries = ['not json', '{"product":1}', ...matchingProducts(priceListProducts(), 'AmazonEC2', [{ Type: 'TERM_MATCH', Field: 'productFamily', Value: 'NAT Gateway' }]).map(priceListEntry)];
    const hourly = priceFromList(entries, { unit: 'Hrs', usagetype: 'NatGateway-Hours' });
    assert.equal(hourly?.usdPerUnitHour, 0.045);
    assert.match(hourly?.description ?? '', /per NAT Gateway Hour/);
    assert.equal(priceFromList(entries, { unit: 'GB-Mo' }), undefined);
  });

  it('an access-denied Price List is treated like an unreachable one (catalog, labelled)', async () => {
    mdeStack('running');
    pricing.on(GetProductsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: pricing:GetProducts', 403));
    const cost = await stackCost(testClients(), book(), MDE);
    assert.equal(cost.lines[0]?.source, 'catalog-offline');
    assert.match(cost.unreachable ?? '', /pricing:GetProducts/);
  });
});
