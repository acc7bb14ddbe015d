import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { paginateDescribeInstances, type Instance } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { TAG_ROLE, TAG_SSH_PORT, TAG_SSH_USER, TAG_SSH_VIA } from '../kinds/stackContract';

/** An EC2 instance of a stack with what connecting to it needs. */
export interface InstanceInfo {
  readonly instanceId: string;
  readonly logicalId: string;
  readonly state: string;
  readonly instanceType?: string;
  readonly publicIp?: string;
  readonly privateIp?: string;
  readonly publicDns?: string;
  readonly name?: string;
  readonly role?: string;
  readonly sshUser?: string;
  /** Role of the jump host for private instances (stack contract). */
  readonly sshVia?: string;
  /** sshd port from the instance tag imaging-lab:ssh-port; absent means 22. */
  readonly sshPort?: number;
  readonly keyName?: string;
  readonly availabilityZone?: string;
}

function tag(instance: Instance, key: string): string | undefined {
  return instance.Tags?.find((t) => t.Key === key)?.Value;
}

/** A tag value that is a whole TCP port number (1-65535); anything else is ignored. */
function portTag(instance: Instance): number | undefined {
  const value = tag(instance, TAG_SSH_PORT)?.trim();
  if (!value || !/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function toInstanceInfo(instance: Instance, logicalId: string): InstanceInfo {
  const entries: [keyof InstanceInfo, string | undefined][] = [
    ['instanceType', instance.InstanceType],
    ['publicIp', instance.PublicIpAddress],
    ['privateIp', instance.PrivateIpAddress],
    ['publicDns', instance.PublicDnsName || undefined],
    ['name', tag(instance, 'Name')],
    ['role', tag(instance, TAG_ROLE)],
    ['sshUser', tag(instance, TAG_SSH_USER)],
    ['sshVia', tag(instance, TAG_SSH_VIA)],
    ['keyName', instance.KeyName],
    ['availabilityZone', instance.Placement?.AvailabilityZone],
  ];
  const port = portTag(instance);
  return {
    instanceId: instance.InstanceId ?? '',
    logicalId,
    state: instance.State?.Name ?? 'unknown',
    ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)),
    ...(port !== undefined ? { sshPort: port } : {}),
  };
}

/** The stack's AWS::EC2::Instance resources, described by EC2 (state, addresses, contract tags). */
export async function listStackInstances(
  clients: AwsClients,
  region: string,
  stackName: string,
  signal?: AbortSignal,
): Promise<InstanceInfo[]> {
  const cfn = await clients.cloudFormation(region);
  const logicalIds = new Map<string, string>();
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName }, { abortSignal: signal })) {
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceType === 'AWS::EC2::Instance' && r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE') {
        logicalIds.set(r.PhysicalResourceId, r.LogicalResourceId ?? '');
      }
    }
  }
  if (logicalIds.size === 0) return [];
  const ec2 = await clients.ec2(region);
  const instances: InstanceInfo[] = [];
  for await (const page of paginateDescribeInstances({ client: ec2 }, { InstanceIds: [...logicalIds.keys()] }, { abortSignal: signal })) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        instances.push(toInstanceInfo(instance, logicalIds.get(instance.InstanceId ?? '') ?? ''));
      }
    }
  }
  return instances.sort((a, b) => (a.role ?? a.logicalId).localeCompare(b.role ?? b.logicalId));
}
