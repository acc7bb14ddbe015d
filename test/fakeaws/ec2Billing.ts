import { list, str, type QueryObject } from './queryParams';
import type { FakeAwsState } from './state';
import type { XmlValue } from './xml';

/** A stack resource of `type` whose creation has completed (physical id, logical id). */
function created(state: FakeAwsState, region: string, type: string): { physicalId: string; logicalId: string }[] {
  return state.stacks
    .filter((s) => s.region === region && !state.isDeleted(s))
    .flatMap((s) => s.resources.filter((r) => r.type === type && state.resourceStatus(s, r.logicalId) === 'CREATE_COMPLETE').map((r) => ({ physicalId: r.physicalId, logicalId: r.logicalId })));
}

/** The one EBS volume of a fake instance: its root volume (DescribeInstances and DescribeVolumes agree on it). */
export function rootVolumeId(instanceId: string): string {
  return `vol-${instanceId.slice(2)}`;
}

/** Root volume size of a fake instance: the MDE template's 200 GB for GPU types, 30 GB otherwise. */
function rootGb(type: string | undefined): number {
  return /^[gp]\d/.test(type ?? '') ? 200 : 30;
}

/** EC2 operations the running-cost view reads (shapes from the EC2 API reference). */
export const ec2BillingHandlers: Record<string, (state: FakeAwsState, region: string, p: QueryObject) => XmlValue> = {
  /** One encrypted gp3 root volume per instance, filtered by attachment.instance-id. */
  DescribeVolumes(state, region, p) {
    const filters = list(p.Filter) as QueryObject[];
    const wanted = filters.find((f) => str(f.Name) === 'attachment.instance-id');
    const ids = wanted ? list(wanted.Value).map(String) : undefined;
    const volumes = state.instances(region).filter(({ instance }) => !ids || ids.includes(instance.instanceId));
    return {
      volumeSet: volumes.map(({ instance }) => ({
        volumeId: rootVolumeId(instance.instanceId),
        size: rootGb(instance.instanceType),
        volumeType: 'gp3',
        iops: 3000,
        throughput: 125,
        encrypted: true,
        status: 'in-use',
        availabilityZone: `${region}a`,
        attachmentSet: [{ volumeId: rootVolumeId(instance.instanceId), instanceId: instance.instanceId, device: '/dev/sda1', status: 'attached', deleteOnTermination: true }],
      })),
    };
  },
  DescribeNatGateways(state, region, p) {
    const ids = list(p.NatGatewayId).map(String);
    const gateways = created(state, region, 'AWS::EC2::NatGateway').filter((g) => ids.length === 0 || ids.includes(g.physicalId));
    return { natGatewaySet: gateways.map((g) => ({ natGatewayId: g.physicalId, state: 'available', connectivityType: 'public', subnetId: 'subnet-0fake00000000001', vpcId: 'vpc-0fake00000000001' })) };
  },
  /** Every Client VPN endpoint of the fake is associated with one subnet. */
  DescribeClientVpnTargetNetworks(state, region, p) {
    const endpoint = str(p.ClientVpnEndpointId) ?? '';
    const known = created(state, region, 'AWS::EC2::ClientVpnEndpoint').some((e) => e.physicalId === endpoint);
    return {
      clientVpnTargetNetworks: known ? [{ associationId: `cvpn-assoc-${endpoint.slice(-8)}`, clientVpnEndpointId: endpoint, targetNetworkId: 'subnet-0fake00000000001', vpcId: 'vpc-0fake00000000001', status: { code: 'associated' } }] : [],
    };
  },
  /** Nobody is connected to the fake's endpoints. */
  DescribeClientVpnConnections() {
    return { connections: [] };
  },
};
