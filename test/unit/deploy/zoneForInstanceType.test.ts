import assert from 'node:assert/strict';
import { DescribeInstanceTypeOfferingsCommand, EC2Client, paginateDescribeInstanceTypeOfferings, type InstanceTypeOffering } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../../src/core/aws/clients';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { placementFor, placementInputs, zoneForInstanceType } from '../../../src/core/deploy/zoneForInstanceType';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';
import { startFakeAws } from '../../fakeaws/server';
import { awsError, mockAws, REGION, type MockedAws } from './fakes';

/** InstanceTypeOfferings items as the EC2 API reference shapes them. */
const offer = (zone: string, type = 'g5.xlarge'): InstanceTypeOffering => ({ InstanceType: type as InstanceTypeOffering['InstanceType'], LocationType: 'availability-zone', Location: zone });

const TEMPLATE = parseTemplate(
  JSON.stringify({
    Parameters: {
      InstanceType: { Type: 'String', Default: 'g4dn.xlarge', AllowedValues: ['g4dn.xlarge', 'g5.xlarge'] },
      AvailabilityZone: { Type: 'String', Default: '' },
    },
    Resources: { T: { Type: 'AWS::SNS::Topic' } },
  }),
  't.json',
).template;

describe('zoneForInstanceType (DescribeInstanceTypeOfferings before CreateStack)', () => {
  let aws: MockedAws;
  beforeEach(async () => {
    aws = await mockAws();
  });

  it('reads every page, filtered by instance type per zone, and picks the first zone in name order', async () => {
    aws.ec2
      .on(DescribeInstanceTypeOfferingsCommand)
      .resolvesOnce({ InstanceTypeOfferings: [offer('us-east-1f'), offer('us-east-1c')], NextToken: 'page-2' })
      .resolvesOnce({ InstanceTypeOfferings: [offer('us-east-1b')] });
    const signal = new AbortController().signal;
    const choice = await zoneForInstanceType(aws.clients, REGION, 'g5.xlarge', '', signal);
    assert.deepEqual(choice, { ok: true, zone: 'us-east-1b', checked: true, note: 'us-east-1b, the first zone of us-east-1 that offers g5.xlarge' });
    const calls = aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand);
    assert.equal(calls.length, 2);
    const input = calls[0]?.args[0].input;
    assert.equal(input?.LocationType, 'availability-zone');
    assert.deepEqual(input?.Filters, [{ Name: 'instance-type', Values: ['g5.xlarge'] }]);
    assert.equal(calls[1]?.args[0].input.NextToken, 'page-2');
    // The SDK paginator hands its extra arguments to every send.
    assert.ok(calls.every((c) => (c.args as unknown[])[1] !== undefined && ((c.args as unknown[])[1] as { abortSignal?: AbortSignal }).abortSignal === signal));
  });

  it('keeps a requested zone that offers the type', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1a'), offer('us-east-1d')] });
    const choice = await zoneForInstanceType(aws.clients, REGION, 'g5.xlarge', 'us-east-1d');
    assert.deepEqual(choice, { ok: true, zone: 'us-east-1d', checked: true, note: 'us-east-1d offers g5.xlarge' });
  });

  it('rejects a requested zone that does not offer it, naming the zones that do', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1d'), offer('us-east-1a')] });
    const choice = await zoneForInstanceType(aws.clients, REGION, 'g5.xlarge', 'us-east-1e');
    assert.equal(choice.ok, false);
    assert.ok(!choice.ok);
    assert.deepEqual(choice.offeringZones, ['us-east-1a', 'us-east-1d']);
    assert.equal(choice.message, 'us-east-1e does not offer g5.xlarge. Zones of us-east-1 that do: us-east-1a, us-east-1d. Choose one of them for AvailabilityZone, or leave it empty to use the first.');
  });

  it('says when the region offers the type nowhere: another type or region', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [] });
    for (const requested of ['', 'us-east-1a']) {
      const choice = await zoneForInstanceType(aws.clients, REGION, 'g6e.xlarge', requested);
      assert.ok(!choice.ok);
      assert.deepEqual(choice.offeringZones, []);
      assert.match(choice.message, /us-east-1 offers g6e\.xlarge in no Availability Zone\. Pick another instance type or another region\./);
    }
  });

  for (const code of ['AccessDenied', 'UnauthorizedOperation']) {
    it(`does not block the deploy when DescribeInstanceTypeOfferings is denied (${code}): keeps the requested value and says the check was skipped`, async () => {
      aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError(code, 'You are not authorized to perform this operation.', 403));
      const empty = await zoneForInstanceType(aws.clients, REGION, 'g5.xlarge', '');
      assert.ok(empty.ok);
      assert.equal(empty.zone, '');
      assert.equal(empty.checked, false);
      assert.match(empty.note, /could not check .*ec2:DescribeInstanceTypeOfferings.*using the first zone of us-east-1/);
      const given = await zoneForInstanceType(aws.clients, REGION, 'g5.xlarge', 'us-east-1c');
      assert.ok(given.ok);
      assert.equal(given.zone, 'us-east-1c');
      assert.match(given.note, /using us-east-1c\. If creation fails .*allow ec2:DescribeInstanceTypeOfferings or choose AvailabilityZone yourself/);
    });
  }

  it('passes other failures on (the shells explain them)', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError('InvalidParameterValue', 'bad filter'));
    await assert.rejects(zoneForInstanceType(aws.clients, REGION, 'g5.xlarge', ''), /bad filter/);
  });
});

describe('placementFor (templates with InstanceType and AvailabilityZone parameters)', () => {
  it('uses the given values, else the template defaults; other templates are not checked', async () => {
    assert.deepEqual(placementInputs(TEMPLATE, {}), { instanceType: 'g4dn.xlarge', requested: '' });
    assert.deepEqual(placementInputs(TEMPLATE, { InstanceType: 'g5.xlarge', AvailabilityZone: 'us-east-1b' }), { instanceType: 'g5.xlarge', requested: 'us-east-1b' });
    const onlyType = parseTemplate('{"Parameters":{"InstanceType":{"Type":"String","Default":"t3.micro"}},"Resources":{"T":{"Type":"AWS::SNS::Topic"}}}', 'x.json').template;
    assert.equal(placementInputs(onlyType, {}), undefined);
    const aws = await mockAws();
    assert.equal(await placementFor(aws.clients, REGION, onlyType, {}), undefined);
    assert.equal(aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand).length, 0);
  });

  it('checks the chosen type in the chosen region', async () => {
    const aws = await mockAws();
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1c', 'g4dn.xlarge')] });
    const placed = await placementFor(aws.clients, REGION, TEMPLATE, {});
    assert.equal(placed?.parameter, 'AvailabilityZone');
    assert.equal(placed?.instanceType, 'g4dn.xlarge');
    assert.deepEqual(placed?.choice, { ok: true, zone: 'us-east-1c', checked: true, note: 'us-east-1c, the first zone of us-east-1 that offers g4dn.xlarge' });
  });
});

describe('the fake AWS endpoint (integration tier) answers DescribeInstanceTypeOfferings like EC2', () => {
  it('pages offerings per zone with nextToken; its first zone offers no GPU type', async () => {
    const fake = await startFakeAws(scriptedAccount({ creatingDurationMs: 20000 }));
    const client = new EC2Client({ region: REGION, endpoint: fake.url, credentials: { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }, maxAttempts: 1 });
    try {
      const seen: string[] = [];
      const request = { LocationType: 'availability-zone' as const, Filters: [{ Name: 'instance-type', Values: ['g4dn.xlarge', 't3.micro'] }] };
      for await (const page of paginateDescribeInstanceTypeOfferings({ client, pageSize: 3 }, request)) {
        assert.ok((page.InstanceTypeOfferings ?? []).length <= 3);
        for (const o of page.InstanceTypeOfferings ?? []) seen.push(`${o.InstanceType}@${o.Location} (${o.LocationType})`);
      }
      assert.deepEqual(seen, [
        'g4dn.xlarge@us-east-1b (availability-zone)', 'g4dn.xlarge@us-east-1c (availability-zone)', 'g4dn.xlarge@us-east-1d (availability-zone)',
        't3.micro@us-east-1a (availability-zone)', 't3.micro@us-east-1b (availability-zone)', 't3.micro@us-east-1c (availability-zone)', 't3.micro@us-east-1d (availability-zone)',
      ]);
      const clients = { ec2: async () => client } as unknown as AwsClients;
      assert.deepEqual(await zoneForInstanceType(clients, REGION, 'g5.xlarge', ''), { ok: true, zone: 'us-east-1b', checked: true, note: 'us-east-1b, the first zone of us-east-1 that offers g5.xlarge' });
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});
