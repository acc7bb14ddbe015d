import {
  DescribeAvailabilityZonesCommand, DescribeKeyPairsCommand, paginateDescribeSecurityGroups, paginateDescribeSubnets, paginateDescribeVpcs,
  type Tag,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import type { AwsResourceKind } from '../cfn/parameterTypes';

/** One value an AWS-specific parameter can take, from the account. */
export interface AccountChoice {
  /** Codicon name to show before the label (a recommended choice). */
  readonly icon?: string;
  readonly label: string;
  readonly description?: string;
  readonly value: string;
}

const LIMIT = 200;

function nameTag(tags: readonly Tag[] | undefined): string | undefined {
  return tags?.find((t) => t.Key === 'Name')?.Value;
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (p: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) {
    out.push(...(items(page) ?? []));
    if (out.length >= LIMIT) break;
  }
  return out;
}

/** Values for `AWS::EC2::KeyPair::KeyName`, `AWS::EC2::VPC::Id` and friends; empty for types not offered. */
export async function accountChoices(clients: AwsClients, region: string, resource: AwsResourceKind, signal?: AbortSignal): Promise<AccountChoice[]> {
  const ec2 = await clients.ec2(region);
  const opts = { abortSignal: signal };
  switch (resource) {
    case 'key-pair': {
      const out = await ec2.send(new DescribeKeyPairsCommand({}), opts);
      return (out.KeyPairs ?? []).map((k) => ({ label: k.KeyName ?? '', ...(k.KeyType ? { description: k.KeyType } : {}), value: k.KeyName ?? '' }));
    }
    case 'vpc': {
      const vpcs = await collect(paginateDescribeVpcs({ client: ec2 }, {}), (p) => p.Vpcs);
      return vpcs.map((v) => ({
        label: nameTag(v.Tags) ?? v.VpcId ?? '',
        description: [v.VpcId, v.CidrBlock, v.IsDefault ? 'default' : undefined].filter(Boolean).join(' · '),
        value: v.VpcId ?? '',
      }));
    }
    case 'subnet': {
      const subnets = await collect(paginateDescribeSubnets({ client: ec2 }, {}), (p) => p.Subnets);
      return subnets.map((s) => ({
        label: nameTag(s.Tags) ?? s.SubnetId ?? '',
        description: [s.SubnetId, s.CidrBlock, s.AvailabilityZone, s.VpcId, s.MapPublicIpOnLaunch ? 'public' : 'private'].filter(Boolean).join(' · '),
        value: s.SubnetId ?? '',
      }));
    }
    case 'security-group': {
      const groups = await collect(paginateDescribeSecurityGroups({ client: ec2 }, {}), (p) => p.SecurityGroups);
      return groups.map((g) => ({ label: g.GroupName ?? g.GroupId ?? '', description: [g.GroupId, g.VpcId].filter(Boolean).join(' · '), value: g.GroupId ?? '' }));
    }
    case 'availability-zone': {
      const out = await ec2.send(new DescribeAvailabilityZonesCommand({}), opts);
      return (out.AvailabilityZones ?? []).filter((z) => z.State === 'available').map((z) => ({ label: z.ZoneName ?? '', value: z.ZoneName ?? '' }));
    }
    default:
      return [];
  }
}
