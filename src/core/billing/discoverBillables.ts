import { paginateListStackResources, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import {
  DescribeClientVpnConnectionsCommand,
  DescribeClientVpnTargetNetworksCommand,
  DescribeNatGatewaysCommand,
  paginateDescribeInstances,
  paginateDescribeVolumes,
  type Instance,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import type { AwsClients } from '../aws/clients';
import type { Billable, Discovery } from './billables';

type Clients = Pick<AwsClients, 'cloudFormation' | 'ec2' | 'get'>;
type Ec2Client = Awaited<ReturnType<AwsClients['ec2']>>;

const BY_USE: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'S3 storage and requests',
  'AWS::EFS::FileSystem': 'EFS storage',
  'AWS::Lambda::Function': 'Lambda invocations',
  'AWS::Logs::LogGroup': 'CloudWatch Logs',
  'AWS::KMS::Key': 'KMS keys ($1 per key-month)',
  'AWS::SecretsManager::Secret': 'Secrets Manager ($0.40 per secret-month)',
  'AWS::CloudWatch::Alarm': 'CloudWatch alarms ($0.10 per alarm-month)',
  'AWS::Budgets::Budget': 'AWS Budgets (the first two are free)',
};

async function stackResources(clients: Clients, region: string, stackId: string, signal?: AbortSignal): Promise<StackResourceSummary[]> {
  const cfn = await clients.cloudFormation(region);
  const found: StackResourceSummary[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackId }, { abortSignal: signal })) {
    found.push(...(page.StackResourceSummaries ?? []).filter((r) => r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE' && r.ResourceStatus !== 'CREATE_FAILED'));
  }
  return found;
}

function tag(i: Instance, key: string): string | undefined {
  return i.Tags?.find((t) => t.Key === key)?.Value;
}

/**
 * The stack's own instances plus those its groups launch: the nodes EKS runs for its clusters
 * (tagged eks:cluster-name) and the members of its Auto Scaling groups (aws:autoscaling:groupName).
 */
async function instancesOf(ec2: Ec2Client, ids: readonly string[], clusters: readonly string[], groups: readonly string[], signal?: AbortSignal): Promise<Instance[]> {
  const found: Instance[] = [];
  const byTag = (name: string, values: readonly string[]) => (values.length > 0 ? [{ Filters: [{ Name: `tag:${name}`, Values: [...values] }] }] : []);
  const queries = [...(ids.length > 0 ? [{ InstanceIds: [...ids] }] : []), ...byTag('eks:cluster-name', clusters), ...byTag('aws:autoscaling:groupName', groups)];
  for (const input of queries) {
    for await (const page of paginateDescribeInstances({ client: ec2 }, input, { abortSignal: signal })) {
      for (const r of page.Reservations ?? []) found.push(...(r.Instances ?? []).filter((i) => i.State?.Name !== 'terminated' && !found.some((f) => f.InstanceId === i.InstanceId)));
    }
  }
  return found;
}

function instanceBillables(instances: readonly Instance[], elasticIps: ReadonlySet<string>): Billable[] {
  return instances.flatMap((i): Billable[] => {
    const id = i.InstanceId ?? '';
    const nodegroup = tag(i, 'eks:nodegroup-name');
    const label = nodegroup ? `EKS node ${nodegroup}` : (tag(i, 'imaging-lab:role') ?? tag(i, 'Name') ?? id);
    const state = i.State?.Name ?? 'unknown';
    const lines: Billable[] = [{ kind: 'instance', id, label, instanceType: i.InstanceType ?? 'unknown', state }];
    // An auto-assigned address exists only while the instance runs; Elastic IPs are counted once, as stack resources.
    if (i.PublicIpAddress && !elasticIps.has(i.PublicIpAddress)) lines.push({ kind: 'publicIpv4', address: i.PublicIpAddress, label, elastic: false });
    return lines;
  });
}

async function volumeBillables(ec2: Ec2Client, instances: readonly Instance[], signal?: AbortSignal): Promise<Billable[]> {
  if (instances.length === 0) return [];
  const labels = new Map(instances.map((i) => [i.InstanceId ?? '', tag(i, 'imaging-lab:role') ?? tag(i, 'eks:nodegroup-name') ?? i.InstanceId ?? '']));
  const found: Billable[] = [];
  const filter = { Filters: [{ Name: 'attachment.instance-id', Values: [...labels.keys()] }] };
  for await (const page of paginateDescribeVolumes({ client: ec2 }, filter, { abortSignal: signal })) {
    for (const v of page.Volumes ?? []) {
      const owner = labels.get(v.Attachments?.[0]?.InstanceId ?? '') ?? 'detached';
      found.push({ kind: 'volume', id: v.VolumeId ?? '', label: owner, volumeType: v.VolumeType ?? 'standard', sizeGb: v.Size ?? 0 });
    }
  }
  return found;
}

async function natBillables(ec2: Ec2Client, ids: readonly string[], signal?: AbortSignal): Promise<Billable[]> {
  if (ids.length === 0) return [];
  const answer = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [...ids] }), { abortSignal: signal });
  return (answer.NatGateways ?? [])
    .filter((n) => n.State === 'available' || n.State === 'pending')
    .map((n) => ({ kind: 'natGateway', id: n.NatGatewayId ?? '', state: n.State ?? 'unknown' }));
}

/** Client VPN bills per associated subnet-hour and per active connection-hour. */
async function clientVpnBillables(ec2: Ec2Client, endpoints: readonly string[], signal?: AbortSignal): Promise<Billable[]> {
  const found: Billable[] = [];
  for (const endpointId of endpoints) {
    const networks = await ec2.send(new DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId: endpointId }), { abortSignal: signal });
    const associated = (networks.ClientVpnTargetNetworks ?? []).filter((n) => ['associated', 'associating'].includes(n.Status?.Code ?? '')).length;
    if (associated > 0) found.push({ kind: 'clientVpnAssociation', endpointId, count: associated });
    const connections = await ec2.send(new DescribeClientVpnConnectionsCommand({ ClientVpnEndpointId: endpointId }), { abortSignal: signal });
    const active = (connections.Connections ?? []).filter((c) => c.Status?.Code === 'active').length;
    if (active > 0) found.push({ kind: 'clientVpnConnection', endpointId, count: active });
  }
  return found;
}

async function databaseBillables(clients: Clients, region: string, ids: readonly string[], signal?: AbortSignal): Promise<Billable[]> {
  if (ids.length === 0) return [];
  const rds = await clients.get('rds', region);
  const answer = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: [...ids] }] }), { abortSignal: signal });
  return (answer.DBInstances ?? []).map((d) => ({
    kind: 'database',
    id: d.DBInstanceIdentifier ?? '',
    instanceClass: d.DBInstanceClass ?? 'unknown',
    engine: d.Engine ?? 'unknown',
    multiAz: d.MultiAZ ?? false,
    status: d.DBInstanceStatus ?? 'unknown',
    storageGb: d.AllocatedStorage ?? 0,
    storageType: d.StorageType ?? 'gp2',
  }));
}

/** `arn:...:loadbalancer/app/<name>/<id>` -> the type and name. */
function loadBalancerOf(arn: string): Billable | undefined {
  const match = /:loadbalancer\/(app|net|gwy)\/([^/]+)\//.exec(arn);
  if (!match) return undefined;
  const type = ({ app: 'application', net: 'network', gwy: 'gateway' } as const)[match[1] as 'app' | 'net' | 'gwy'];
  return { kind: 'loadBalancer', name: match[2] ?? arn, type };
}

/**
 * Everything of the stack that bills by the hour, read from AWS now: instances with their states
 * (and EKS nodes and Auto Scaling group members), their EBS volumes, public IPv4 addresses, NAT gateways, Client VPN associations
 * and connections, load balancers, RDS instances and EKS control planes.
 */
export async function discoverBillables(clients: Clients, region: string, stackId: string, signal?: AbortSignal): Promise<Discovery> {
  const resources = await stackResources(clients, region, stackId, signal);
  const ids = (type: string) => resources.filter((r) => r.ResourceType === type).map((r) => r.PhysicalResourceId ?? '');
  const elasticIps = ids('AWS::EC2::EIP');
  const clusters = ids('AWS::EKS::Cluster');
  const ec2 = await clients.ec2(region);
  const instances = await instancesOf(ec2, ids('AWS::EC2::Instance'), clusters, ids('AWS::AutoScaling::AutoScalingGroup'), signal);
  const billables: Billable[] = [
    ...instanceBillables(instances, new Set(elasticIps)),
    ...(await volumeBillables(ec2, instances, signal)),
    ...elasticIps.map((address): Billable => ({ kind: 'publicIpv4', address, label: 'Elastic IP', elastic: true })),
    ...(await natBillables(ec2, ids('AWS::EC2::NatGateway'), signal)),
    ...(await clientVpnBillables(ec2, ids('AWS::EC2::ClientVpnEndpoint'), signal)),
    ...ids('AWS::ElasticLoadBalancingV2::LoadBalancer').flatMap((arn) => loadBalancerOf(arn) ?? []),
    ...(await databaseBillables(clients, region, ids('AWS::RDS::DBInstance'), signal)),
    ...clusters.map((name): Billable => ({ kind: 'eksCluster', name })),
  ];
  const byUse = new Set(resources.flatMap((r) => (r.ResourceType && BY_USE[r.ResourceType] ? [BY_USE[r.ResourceType]!] : [])));
  if (clusters.length > 0) byUse.add('load balancers and volumes Kubernetes creates (not stack resources)');
  return { billables, notCounted: [...byUse, 'data transfer'] };
}
