import assert from 'node:assert/strict';
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, DescribeInstanceTypeOfferingsCommand, EC2Client, paginateDescribeInstanceTypeOfferings, type InstanceTypeOffering } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../../src/core/aws/clients';
import { parameterHints } from '../../../src/core/cfn/parameterHints';
import { parameterList, type TemplateParameter } from '../../../src/core/cfn/parameterModel';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import type { CfnTemplate } from '../../../src/core/cfn/templateTypes';
import { createDeployEnvironment, type DeployEnvironment } from '../../../src/core/deploy/deployEnvironment';
import { providerFor, type ProviderContext, type ProviderCheck } from '../../../src/core/deploy/parameterProviders';
import { zonesOffering } from '../../../src/core/deploy/zonesOffering';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';
import { startFakeAws } from '../../fakeaws/server';
import { awsError, mockAws, REGION, STACK_NAME, type MockedAws } from './fakes';

/** InstanceTypeOfferings items as the EC2 API reference shapes them. */
const offer = (zone: string, type = 'g5.xlarge'): InstanceTypeOffering => ({ InstanceType: type as InstanceTypeOffering['InstanceType'], LocationType: 'availability-zone', Location: zone });

/** A zone tied to an instance type by the template's hint, under names that say nothing. */
const HINTED = parseTemplate(
  JSON.stringify({
    Metadata: { 'ImagingLab::ParameterHints': { Where: { Provider: 'ZoneOffering', InstanceTypeParameter: 'Size' } } },
    Parameters: {
      Size: { Type: 'String', Default: 'g4dn.xlarge', AllowedValues: ['g4dn.xlarge', 'g5.xlarge'] },
      Where: { Type: 'String', Default: '' },
    },
    Resources: { Server: { Type: 'AWS::EC2::Instance' } },
  }),
  't.json',
).template;

function parameter(template: CfnTemplate, key: string): TemplateParameter {
  const p = parameterList(template).find((x) => x.key === key);
  assert.ok(p, key);
  return p;
}

function environment(clients: AwsClients): DeployEnvironment {
  return createDeployEnvironment({ clients, extensionRoot: '/nonexistent', storageRoot: '/nonexistent', publicIp: async () => '127.0.0.23' });
}

function context(env: DeployEnvironment, values: Record<string, string>, over: Partial<ProviderContext> = {}): ProviderContext {
  return { env, operation: 'create', region: REGION, stackName: STACK_NAME, template: HINTED, values, ...over };
}

async function checkZone(env: DeployEnvironment, values: Record<string, string>, over: Partial<ProviderContext> = {}): Promise<ProviderCheck> {
  const where = parameter(HINTED, 'Where');
  const check = providerFor(where, HINTED)?.check;
  assert.ok(check, 'the hinted zone parameter has a checking provider');
  return check(where, values.Where ?? '', context(env, values, over));
}

describe('parameter providers: by CloudFormation type or template hint, never by name', () => {
  it('picks the provider from the hint, the AWS type or a /32-accepting pattern', () => {
    const t = parseTemplate(
      JSON.stringify({
        Metadata: { 'ImagingLab::ParameterHints': { Office: { Provider: 'CallerCidr' }, Ghost: { Provider: 'CallerCidr' }, Key: { Provider: 'ZoneOffering', InstanceTypeParameter: 'Nope' } } },
        Parameters: {
          Office: { Type: 'String' },
          SshLocation: { Type: 'String', AllowedPattern: '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})' },
          AllowedCidr: { Type: 'String', Description: 'CIDR allowed to reach SSH' },
          AvailabilityZone: { Type: 'String' },
          InstanceType: { Type: 'String' },
          Key: { Type: 'AWS::EC2::KeyPair::KeyName' },
          Zone: { Type: 'AWS::EC2::AvailabilityZone::Name' },
          Thing: { Type: 'AWS::Some::New::Type' },
        },
        Resources: { T: { Type: 'AWS::SNS::Topic' } },
      }),
      'p.json',
    ).template;
    const has = (key: string) => {
      const provider = providerFor(parameter(t, key), t);
      return [provider?.choices ? 'choices' : '', provider?.fill ? 'fill' : '', provider?.check ? 'check' : ''].filter(Boolean).join('+') || 'none';
    };
    assert.equal(has('Office'), 'fill', 'hint: the caller /32');
    assert.equal(has('SshLocation'), 'fill', 'a pattern that accepts a /32');
    assert.equal(has('AllowedCidr'), 'none', 'a name or description that says CIDR is not enough');
    assert.equal(has('AvailabilityZone'), 'none', 'named like a zone, but no hint ties it to an instance type');
    assert.equal(has('InstanceType'), 'none');
    assert.equal(has('Key'), 'choices', 'a hint naming an undeclared parameter is ignored; the type still gives key pairs');
    assert.equal(has('Zone'), 'choices');
    assert.equal(has('Thing'), 'none');
    assert.deepEqual([...parameterHints(t).keys()], ['Office'], 'hints for undeclared parameters or of unknown shape are dropped');
    assert.ok(providerFor(parameter(HINTED, 'Where'), HINTED)?.check, 'the hint ties the zone to the instance type');
  });

  it('reads every page of offerings, filtered by type per zone, in name order, with the abort signal', async () => {
    const aws = await mockAws();
    aws.ec2
      .on(DescribeInstanceTypeOfferingsCommand)
      .resolvesOnce({ InstanceTypeOfferings: [offer('us-east-1f'), offer('us-east-1c')], NextToken: 'page-2' })
      .resolvesOnce({ InstanceTypeOfferings: [offer('us-east-1b'), offer('us-east-1z', 't3.micro')] });
    const signal = new AbortController().signal;
    assert.deepEqual(await zonesOffering(aws.clients, REGION, 'g5.xlarge', signal), ['us-east-1b', 'us-east-1c', 'us-east-1f']);
    const calls = aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand);
    assert.equal(calls.length, 2);
    assert.equal(calls[0]?.args[0].input.LocationType, 'availability-zone');
    assert.deepEqual(calls[0]?.args[0].input.Filters, [{ Name: 'instance-type', Values: ['g5.xlarge'] }]);
    assert.equal(calls[1]?.args[0].input.NextToken, 'page-2');
    assert.ok(calls.every((c) => ((c.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal === signal));
  });

  it('asks EC2 once per region and type for a whole wizard run; a failed look-up is asked again', async () => {
    const aws = await mockAws();
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejectsOnce(awsError('RequestLimitExceeded', 'slow down', 503)).resolves({ InstanceTypeOfferings: [offer('us-east-1b')] });
    const env = environment(aws.clients);
    await assert.rejects(env.zonesOffering(REGION, 'g5.xlarge'), /slow down/);
    assert.deepEqual(await env.zonesOffering(REGION, 'g5.xlarge'), ['us-east-1b']);
    assert.deepEqual(await env.zonesOffering(REGION, 'g5.xlarge'), ['us-east-1b']);
    assert.equal(aws.ec2.commandCalls(DescribeInstanceTypeOfferingsCommand).length, 2);
  });
});

describe('the zone provider at create (DescribeInstanceTypeOfferings before CreateStack)', () => {
  let aws: MockedAws;
  let env: DeployEnvironment;
  beforeEach(async () => {
    aws = await mockAws();
    env = environment(aws.clients);
  });

  it('fills an empty zone with the first that offers the type (the template default type when none is chosen)', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1f', 'g4dn.xlarge'), offer('us-east-1b', 'g4dn.xlarge')] });
    assert.deepEqual(await checkZone(env, {}), { value: 'us-east-1b', note: 'us-east-1b, the first zone of us-east-1 that offers g4dn.xlarge' });
  });

  it('keeps a requested zone that offers the type, and refuses one that does not, naming the zones that do', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1d'), offer('us-east-1a')] });
    assert.deepEqual(await checkZone(env, { Size: 'g5.xlarge', Where: 'us-east-1d' }), { note: 'us-east-1d offers g5.xlarge' });
    assert.deepEqual(await checkZone(env, { Size: 'g5.xlarge', Where: 'us-east-1e' }), {
      blocker: 'us-east-1e does not offer g5.xlarge. Zones of us-east-1 that do: us-east-1a, us-east-1d. Choose one of them for Where, or leave it empty to use the first.',
    });
  });

  it('says when the region offers the type nowhere: another type or region', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [] });
    for (const where of ['', 'us-east-1a']) {
      assert.match((await checkZone(env, { Size: 'g6e.xlarge', Where: where })).blocker ?? '', /us-east-1 offers g6e\.xlarge in no Availability Zone\. Pick another instance type or another region\./);
    }
  });

  for (const code of ['AccessDenied', 'UnauthorizedOperation']) {
    it(`does not block when DescribeInstanceTypeOfferings is denied (${code}): keeps the value and says the check was skipped`, async () => {
      aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError(code, 'You are not authorized to perform this operation.', 403));
      const empty = await checkZone(env, { Size: 'g5.xlarge' });
      assert.equal(empty.value, undefined);
      assert.equal(empty.unchecked, true);
      assert.match(empty.note ?? '', /could not check .*ec2:DescribeInstanceTypeOfferings.*using the first zone of us-east-1/);
      const given = await checkZone(environment(aws.clients), { Size: 'g5.xlarge', Where: 'us-east-1c' });
      assert.match(given.note ?? '', /using us-east-1c\. If creation fails .*allow ec2:DescribeInstanceTypeOfferings or choose Where yourself/);
    });
  }

  it('passes other failures on as "could not check", explained', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(awsError('InvalidParameterValue', 'bad filter'));
    await assert.rejects(checkZone(env, { Size: 'g5.xlarge' }), /Could not check which zones offer g5\.xlarge: .*bad filter/);
  });

  it('lists the offering zones for the wizard, "any of them" first, a current zone not on offer kept', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1c'), offer('us-east-1b')] });
    const where = parameter(HINTED, 'Where');
    const choices = await providerFor(where, HINTED)?.choices?.(where, context(env, { Size: 'g5.xlarge', Where: 'us-east-1a' }));
    assert.deepEqual(choices?.map((c) => [c.icon ?? '', c.label, c.value]), [
      ['', 'us-east-1a', 'us-east-1a'],
      ['check', 'Any zone that offers g5.xlarge', ''],
      ['', 'us-east-1b', 'us-east-1b'],
      ['', 'us-east-1c', 'us-east-1c'],
    ]);
  });
});

describe('the zone provider at update: a new instance type must be offered where the instance runs', () => {
  let aws: MockedAws;
  let env: DeployEnvironment;
  const update = (previous: Record<string, string>): Partial<ProviderContext> => ({ operation: 'update', previous });
  beforeEach(async () => {
    aws = await mockAws();
    env = environment(aws.clients);
  });

  it('refuses a type the zone of the running instance does not offer, before any change set, and never fills a zone', async () => {
    // Created by an older template: no zone value, the instance sits in the region's first zone.
    aws.cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Server', PhysicalResourceId: 'i-1', ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    aws.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'running' }, Placement: { AvailabilityZone: 'us-east-1a' } }] }] });
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [offer('us-east-1b'), offer('us-east-1c')] });
    const check = await checkZone(env, { Size: 'g5.xlarge', Where: '' }, update({ Size: 'g4dn.xlarge', Where: '' }));
    assert.deepEqual(check, {
      blocker: `g5.xlarge is not offered in us-east-1a, where the instance of ${STACK_NAME} runs. It is offered in us-east-1b, us-east-1c, but moving there would replace the instance and the data on it. Pick an instance type offered in us-east-1a.`,
    });
  });

  it('lets the update go when the zone value offers the type, when the type is unchanged, or when the check cannot be made', async () => {
    aws.ec2.on(DescribeInstanceTypeOfferingsCommand).resolvesOnce({ InstanceTypeOfferings: [offer('us-east-1b')] }).rejects(awsError('UnauthorizedOperation', 'no', 403));
    assert.deepEqual(await checkZone(env, { Size: 'g5.xlarge', Where: 'us-east-1b' }, update({ Size: 'g4dn.xlarge' })), {});
    assert.equal(aws.cfn.commandCalls(ListStackResourcesCommand).length, 0, 'the zone value is enough');
    assert.deepEqual(await checkZone(env, { Size: 'g4dn.xlarge', Where: '' }, update({ Size: 'g4dn.xlarge' })), {});
    assert.deepEqual(await checkZone(environment(aws.clients), { Size: 'g6.xlarge', Where: 'us-east-1b' }, update({ Size: 'g4dn.xlarge' })), {});
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
      assert.deepEqual(await checkZone(environment(clients), { Size: 'g5.xlarge' }), { value: 'us-east-1b', note: 'us-east-1b, the first zone of us-east-1 that offers g5.xlarge' });
    } finally {
      client.destroy();
      await fake.close();
    }
  });
});
