import assert from 'node:assert/strict';
import { Template } from 'aws-cdk-lib/assertions';
import { ZONE_PATTERN } from '../../../templates/cdk/mde/mdeParameters';
import { MDE_INSTANCE_LOGICAL_ID } from '../../../templates/cdk/mde/mdeServer';
import { mdeSynth } from './synthFixture';

// Synthesized CloudFormation JSON has no static type; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ZONE = { 'Fn::If': ['ZoneGiven', { Ref: 'AvailabilityZone' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }] };

describe('MDE template: Availability Zone of the GPU server', function () {
  this.timeout(120_000);
  before(() => mdeSynth());

  it('takes an optional AvailabilityZone parameter, asked right after the instance type', () => {
    const t = mdeSynth().template as Json;
    const p = t.Parameters.AvailabilityZone;
    assert.equal(p.Type, 'String');
    assert.equal(p.Default, '');
    assert.equal(p.AllowedPattern, ZONE_PATTERN);
    assert.ok(p.ConstraintDescription);
    assert.match(p.Description, /left empty, Imaging Lab fills in the first zone that offers the chosen instance type/);
    const groups = t.Metadata['AWS::CloudFormation::Interface'].ParameterGroups as { Parameters: string[] }[];
    const group = groups.find((g) => g.Parameters.includes('InstanceType'))?.Parameters ?? [];
    assert.equal(group[group.indexOf('InstanceType') + 1], 'AvailabilityZone');
    const re = new RegExp(ZONE_PATTERN);
    for (const ok of ['', 'us-east-1a', 'eu-central-1b', 'ap-southeast-2c', 'us-gov-west-1a']) assert.ok(re.test(ok), ok);
    for (const bad of ['x1', 'us-east-1', 'us-east-1a ', 'US-EAST-1A', 'us-east-1a;b', 'useast1a']) assert.ok(!re.test(bad), bad);
  });

  it('puts the server subnet and the instance in the given zone, else in the first zone', () => {
    const t = mdeSynth().template as Json;
    assert.deepEqual(t.Conditions.ZoneGiven, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AvailabilityZone' }, ''] }] });
    const instance = t.Resources[MDE_INSTANCE_LOGICAL_ID];
    assert.deepEqual(instance.Properties.AvailabilityZone, ZONE);
    const eni = Object.values(Template.fromJSON(t).findResources('AWS::EC2::NetworkInterface'))[0] as Json;
    const subnetId = eni.Properties.SubnetId.Ref as string;
    assert.deepEqual(t.Resources[subnetId].Properties.AvailabilityZone, ZONE, 'the network interface subnet follows the parameter');
    // Nothing else may stay pinned to the first zone while the server moves.
    const zoned = Object.entries(t.Resources as Json).filter(([, r]) => JSON.stringify(r.Properties?.AvailabilityZone ?? null).includes('"Fn::Select":[0'));
    assert.deepEqual(zoned.map(([id]) => id).sort(), [MDE_INSTANCE_LOGICAL_ID, subnetId].sort());
    assert.ok(zoned.every(([, r]) => JSON.stringify(r.Properties.AvailabilityZone) === JSON.stringify(ZONE)));
  });
});
