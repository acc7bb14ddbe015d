import { FAKE_ZONES, DEFAULT_VPC, subnetId } from './ec2Network';
import { rootVolumeId } from './ec2Billing';
import { FakeAwsError } from './errors';
import type { FakeInstance } from './model';
import { page } from './paging';
import { list, str, type QueryObject } from './queryParams';
import type { FakeAwsState, StackRecord } from './state';
import type { XmlValue } from './xml';

const STATE_CODES: Record<string, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

function allTags(stack: StackRecord, i: FakeInstance): Record<string, string> {
  return {
    'aws:cloudformation:stack-name': stack.name,
    'aws:cloudformation:stack-id': stack.stackId,
    'aws:cloudformation:logical-id': i.logicalId,
    ...i.tags,
  };
}

/** DescribeInstances filters the extension may use: instance-id, instance-state-name, tag:<key>, tag-key. */
function matches(filters: QueryObject[], stack: StackRecord, i: FakeInstance): boolean {
  const tags = allTags(stack, i);
  return filters.every((f) => {
    const name = str(f.Name) ?? '';
    const values = list(f.Value).map(String);
    if (name === 'instance-id') return values.includes(i.instanceId);
    if (name === 'instance-state-name') return values.includes(i.state ?? 'running');
    if (name === 'tag-key') return values.some((v) => v in tags);
    if (name.startsWith('tag:')) return values.includes(tags[name.slice(4)] ?? '\u0000');
    throw new FakeAwsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
  });
}

function instanceShape(region: string, stack: StackRecord, i: FakeInstance): XmlValue {
  const state = i.state ?? 'running';
  return {
    instanceId: i.instanceId,
    imageId: 'ami-0fake0000000000001',
    instanceState: { code: STATE_CODES[state] ?? 16, name: state },
    privateDnsName: `ip-${i.privateIp.replaceAll('.', '-')}.ec2.internal`,
    dnsName: i.publicDnsName ?? (i.publicIp ? `ec2-${i.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com` : ''),
    instanceType: i.instanceType ?? 't3.medium',
    launchTime: new Date(i.launchedAt ?? stack.createdAt),
    placement: { availabilityZone: `${region}a`, tenancy: 'default' },
    privateIpAddress: i.privateIp,
    ipAddress: i.publicIp,
    subnetId: subnetId(0),
    vpcId: DEFAULT_VPC,
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/sda1',
    blockDeviceMapping: [{ deviceName: '/dev/sda1', ebs: { volumeId: rootVolumeId(i.instanceId), status: 'attached', deleteOnTermination: true } }],
    groupSet: [{ groupId: 'sg-0fake00000000001', groupName: `${stack.name}-sg` }],
    tagSet: Object.entries(allTags(stack, i)).map(([key, value]) => ({ key, value })),
    metadataOptions: { state: 'applied', httpTokens: 'required', httpEndpoint: 'enabled' },
  };
}

const FAKE_TYPES = ['t3.micro', 't3.medium', 'm5.large', 'g4dn.xlarge', 'g5.xlarge'];
const offeredIn = (zone: string, type: string) => zone !== 'a' || !/^[gp]\d/.test(type);

/** EC2 actions (ec2Query). */
export const ec2Handlers: Record<string, (state: FakeAwsState, region: string, p: QueryObject) => XmlValue> = {
  DescribeInstances(state, region, p) {
    const ids = list(p.InstanceId).map(String);
    const filters = list(p.Filter) as QueryObject[];
    const found = state.instances(region).filter(({ stack, instance }) => (ids.length === 0 || ids.includes(instance.instanceId)) && matches(filters, stack, instance));
    const missing = ids.filter((id) => !found.some((f) => f.instance.instanceId === id));
    if (missing.length > 0) throw new FakeAwsError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`, 400);
    const size = Number(str(p.MaxResults) ?? 1000);
    const { items, nextToken } = page(found, str(p.NextToken), size);
    return {
      reservationSet: items.map(({ stack, instance }) => ({
        reservationId: `r-${instance.instanceId.slice(2)}`,
        ownerId: state.account.accountId,
        groupSet: [],
        instancesSet: [instanceShape(region, stack, instance)],
      })),
      nextToken,
    };
  },
  /** EC2 API reference DescribeInstanceTypeOfferings: instanceTypeOfferingSet (instanceType, locationType, location), nextToken. */
  DescribeInstanceTypeOfferings(_state, region, p) {
    const locationType = str(p.LocationType) ?? 'region';
    let types = FAKE_TYPES;
    for (const f of list(p.Filter) as QueryObject[]) {
      const name = str(f.Name) ?? '';
      if (name !== 'instance-type') throw new FakeAwsError('InvalidParameterValue', `The filter '${name}' is invalid`, 400);
      types = list(f.Value).map(String);
    }
    let offerings: { instanceType: string; locationType: string; location: string }[];
    if (locationType === 'region') offerings = types.map((instanceType) => ({ instanceType, locationType, location: region }));
    else if (locationType === 'availability-zone') {
      offerings = types.flatMap((instanceType) => FAKE_ZONES.filter((z) => offeredIn(z, instanceType)).map((z) => ({ instanceType, locationType, location: `${region}${z}` })));
    } else throw new FakeAwsError('InvalidParameterValue', `The location type '${locationType}' is not supported by the fake`, 400);
    const { items, nextToken } = page(offerings, str(p.NextToken), Number(str(p.MaxResults) ?? 1000));
    return { instanceTypeOfferingSet: items, nextToken };
  },
  /** EC2 API reference GetConsoleOutput: instanceId, timestamp, output (base64; omitted when there is none yet). */
  GetConsoleOutput(state, region, p) {
    const id = str(p.InstanceId) ?? '';
    const found = state.instances(region).find(({ instance }) => instance.instanceId === id);
    if (!found) throw new FakeAwsError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`, 400);
    const text = found.instance.consoleOutput;
    return {
      instanceId: id,
      timestamp: new Date(state.now()),
      output: text === undefined ? undefined : Buffer.from(text, 'utf8').toString('base64'),
    };
  },
};
