import { DescribeInstanceTypesCommand, paginateDescribeInstances, type _InstanceType, type Instance } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import type { InstanceInfo } from '../stacks/stackInstances';
import type { PowerInstance } from './powerTypes';

type Ec2Client = Awaited<ReturnType<AwsClients['ec2']>>;

/** How a stack's instance is named to people (role, Name tag, logical id). */
export function instanceLabel(i: Pick<InstanceInfo, 'role' | 'name' | 'logicalId' | 'instanceId'>): string {
  return i.role ?? i.name ?? (i.logicalId || i.instanceId);
}

/** An auto-assigned public IPv4 belongs to `amazon`; an Elastic IP to the account that allocated it. */
function isElastic(instance: Instance): boolean {
  return (instance.NetworkInterfaces ?? []).some((n) => n.Association?.PublicIp === instance.PublicIpAddress && n.Association?.IpOwnerId !== undefined && n.Association.IpOwnerId !== 'amazon');
}

export function toPowerInstance(instance: Instance, known: Pick<InstanceInfo, 'role' | 'name' | 'logicalId' | 'sshPort'> | undefined, instanceStoreGb?: number): PowerInstance {
  const id = instance.InstanceId ?? '';
  const fields: [keyof PowerInstance, unknown][] = [
    ['instanceType', instance.InstanceType],
    ['availabilityZone', instance.Placement?.AvailabilityZone],
    ['publicIp', instance.PublicIpAddress],
    ['publicDns', instance.PublicDnsName || undefined],
    ['rootDeviceType', instance.RootDeviceType],
    ['instanceStoreGb', instanceStoreGb],
    ['launchedAt', instance.LaunchTime?.toISOString()],
    ['stateReasonCode', instance.StateReason?.Code],
    ['stateReasonMessage', instance.StateReason?.Message],
    ['sshPort', known?.sshPort],
  ];
  return {
    instanceId: id,
    label: instanceLabel({ ...known, logicalId: known?.logicalId ?? '', instanceId: id }),
    state: instance.State?.Name ?? 'unknown',
    elasticIp: instance.PublicIpAddress !== undefined && isElastic(instance),
    ebsVolumeIds: (instance.BlockDeviceMappings ?? []).flatMap((b) => (b.Ebs?.VolumeId ? [b.Ebs.VolumeId] : [])),
    ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)),
  } as PowerInstance;
}

/** Instance-store size (GB) of each type that has instance storage; types without it are left out. */
export async function instanceStoreSizes(ec2: Ec2Client, types: readonly string[], signal?: AbortSignal): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const unique = [...new Set(types)];
  if (unique.length === 0) return sizes;
  const answer = await ec2.send(new DescribeInstanceTypesCommand({ InstanceTypes: unique as _InstanceType[] }), { abortSignal: signal });
  for (const t of answer.InstanceTypes ?? []) {
    const gb = t.InstanceStorageSupported ? t.InstanceStorageInfo?.TotalSizeInGB : undefined;
    if (t.InstanceType && gb) sizes.set(t.InstanceType, gb);
  }
  return sizes;
}

/** Raw DescribeInstances answers for the given ids. */
export async function describeRaw(ec2: Ec2Client, ids: readonly string[], signal?: AbortSignal): Promise<Instance[]> {
  const found: Instance[] = [];
  if (ids.length === 0) return found;
  for await (const page of paginateDescribeInstances({ client: ec2 }, { InstanceIds: [...ids] }, { abortSignal: signal })) {
    for (const r of page.Reservations ?? []) found.push(...(r.Instances ?? []));
  }
  return found;
}

/** The stack's instances as the power commands need them: state, addresses, volumes, instance store. */
export async function describePowerInstances(
  clients: Pick<AwsClients, 'ec2'>,
  region: string,
  known: readonly InstanceInfo[],
  signal?: AbortSignal,
): Promise<PowerInstance[]> {
  const ec2 = await clients.ec2(region);
  const raw = await describeRaw(ec2, known.map((k) => k.instanceId), signal);
  const stores = await instanceStoreSizes(ec2, raw.flatMap((i) => (i.InstanceType ? [i.InstanceType] : [])), signal);
  const byId = new Map(known.map((k) => [k.instanceId, k]));
  return raw.map((i) => toPowerInstance(i, byId.get(i.InstanceId ?? ''), i.InstanceType ? stores.get(i.InstanceType) : undefined));
}
