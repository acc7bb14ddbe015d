import { FakeAwsError } from './errors';
import { page } from './paging';
import { list, str, type QueryObject } from './queryParams';
import type { FakeRule } from './securityGroupRules';
import type { FakeAwsState } from './state';
import type { XmlValue } from './xml';

/** Zones of every fake region; like one real us-east-1 zone, the first offers no GPU (g*, p*) type. */
export const FAKE_ZONES = ['a', 'b', 'c', 'd'];
export const DEFAULT_VPC = 'vpc-0fake00000000001';
export const subnetId = (index: number) => `subnet-0fake0000000000${index + 1}`;

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function filterValues(p: QueryObject, name: string): string[] | undefined {
  const f = (list(p.Filter) as QueryObject[]).find((x) => str(x.Name) === name);
  return f ? list(f.Value).map(String) : undefined;
}

function ruleShape(state: FakeAwsState, r: FakeRule): XmlValue {
  return {
    securityGroupRuleId: r.ruleId, groupId: r.groupId, groupOwnerId: state.account.accountId, isEgress: r.isEgress,
    ipProtocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort, cidrIpv4: r.cidr, description: r.description,
    securityGroupRuleArn: `arn:aws:ec2:us-east-1:${state.account.accountId}:security-group-rule/${r.ruleId}`, tagSet: [],
  };
}

function requireGroup(state: FakeAwsState, region: string, groupId: string): { stack: { name: string; stackId: string }; logicalId: string; groupId: string } {
  const group = state.securityGroups(region).find((g) => g.groupId === groupId);
  if (!group) throw new FakeAwsError('InvalidGroup.NotFound', `The security group '${groupId}' does not exist`, 400);
  return group;
}

/** EC2 actions of the account's network and access (ec2Query; member names as in the EC2 API reference). */
export const ec2NetworkHandlers: Record<string, (state: FakeAwsState, region: string, p: QueryObject) => XmlValue> = {
  DescribeAvailabilityZones(_state, region) {
    return {
      availabilityZoneInfo: FAKE_ZONES.map((z, i) => ({
        optInStatus: 'opt-in-not-required', messageSet: [], regionName: region, zoneName: `${region}${z}`, zoneId: `${region.replace(/-/g, '').slice(0, 4)}-az${i + 1}`,
        groupName: region, networkBorderGroup: region, zoneType: 'availability-zone', zoneState: 'available',
      })),
    };
  },
  DescribeKeyPairs(state, region) {
    const keys = state.stacks
      .filter((s) => s.region === region)
      .flatMap((s) => s.resources.filter((r) => r.type === 'AWS::EC2::KeyPair' && state.resourceStatus(s, r.logicalId) === 'CREATE_COMPLETE'));
    return {
      keySet: keys.map((k, i) => ({
        keyPairId: `key-0fake0000000000${i}`, keyType: 'ed25519', tagSet: [], createTime: new Date(state.startedAt), keyName: k.physicalId,
        keyFingerprint: 'ZmFrZSBlZDI1NTE5IGZpbmdlcnByaW50IG9mIHRoZSBrZXk=',
      })),
    };
  },
  DescribeVpcs(state, _region, p) {
    const vpcs = [{ ownerId: state.account.accountId, instanceTenancy: 'default', isDefault: true, tagSet: [{ key: 'Name', value: 'default' }], vpcId: DEFAULT_VPC, state: 'available', cidrBlock: '172.31.0.0/16', dhcpOptionsId: 'dopt-0fake0000000001' }];
    const { items, nextToken } = page(vpcs, str(p.NextToken), Number(str(p.MaxResults) ?? 1000));
    return { vpcSet: items, nextToken };
  },
  DescribeSubnets(state, region, p) {
    const subnets = FAKE_ZONES.map((z, i) => ({
      ownerId: state.account.accountId, tagSet: [], subnetId: subnetId(i), state: 'available', vpcId: DEFAULT_VPC, cidrBlock: `172.31.${16 * i}.0/20`,
      availableIpAddressCount: 4091, availabilityZone: `${region}${z}`, availabilityZoneId: `az${i + 1}`, defaultForAz: true, mapPublicIpOnLaunch: true,
    }));
    const { items, nextToken } = page(subnets, str(p.NextToken), Number(str(p.MaxResults) ?? 1000));
    return { subnetSet: items, nextToken };
  },
  DescribeSecurityGroups(state, region, p) {
    const ids = list(p.GroupId).map(String);
    const groups = state.securityGroups(region).filter((g) => ids.length === 0 || ids.includes(g.groupId));
    const missing = ids.find((id) => !groups.some((g) => g.groupId === id));
    if (missing) throw new FakeAwsError('InvalidGroup.NotFound', `The security group '${missing}' does not exist`, 400);
    const { items, nextToken } = page(groups, str(p.NextToken), Number(str(p.MaxResults) ?? 1000));
    return {
      securityGroupInfo: items.map((g) => {
        const rules = state.rules.of(g.groupId);
        const permission = (r: FakeRule) => ({ ipProtocol: r.protocol, fromPort: r.protocol === '-1' ? undefined : r.fromPort, toPort: r.protocol === '-1' ? undefined : r.toPort, groups: [], ipRanges: [{ cidrIp: r.cidr, description: r.description }], ipv6Ranges: [], prefixListIds: [] });
        return {
          groupId: g.groupId, ipPermissionsEgress: rules.filter((r) => r.isEgress).map(permission), vpcId: DEFAULT_VPC, ownerId: state.account.accountId,
          groupName: `${g.stack.name}-${g.logicalId}`, groupDescription: `Security group of ${g.stack.name}`, ipPermissions: rules.filter((r) => !r.isEgress).map(permission),
          tagSet: [
            { key: 'aws:cloudformation:stack-name', value: g.stack.name },
            { key: 'aws:cloudformation:stack-id', value: g.stack.stackId },
            { key: 'aws:cloudformation:logical-id', value: g.logicalId },
          ],
        };
      }),
      nextToken,
    };
  },
  DescribeSecurityGroupRules(state, region, p) {
    const groupIds = filterValues(p, 'group-id');
    const ruleIds = list(p.SecurityGroupRuleId).map(String);
    const rules = state.securityGroups(region)
      .filter((g) => !groupIds || groupIds.includes(g.groupId))
      .flatMap((g) => state.rules.of(g.groupId))
      .filter((r) => ruleIds.length === 0 || ruleIds.includes(r.ruleId));
    const size = Number(str(p.MaxResults) ?? 1000);
    if (size < 5 || size > 1000) throw new FakeAwsError('InvalidParameterValue', `Value (${size}) for parameter maxResults is invalid. Expecting a value greater than 5.`, 400);
    const { items, nextToken } = page(rules, str(p.NextToken), Math.min(size, state.pageSize * 3));
    return { securityGroupRuleSet: items.map((r) => ruleShape(state, r)), nextToken };
  },
  AuthorizeSecurityGroupIngress(state, region, p) {
    const group = requireGroup(state, region, str(p.GroupId) ?? '');
    const added: FakeRule[] = [];
    for (const permission of list(p.IpPermissions) as QueryObject[]) {
      const protocol = str(permission.IpProtocol) ?? '';
      const fromPort = Number(str(permission.FromPort) ?? -1);
      const toPort = Number(str(permission.ToPort) ?? -1);
      for (const range of list(permission.IpRanges) as QueryObject[]) {
        const cidr = str(range.CidrIp) ?? '';
        const m = CIDR.exec(cidr);
        if (!m || Number(m[5]) > 32 || m.slice(1, 5).some((o) => Number(o) > 255)) throw new FakeAwsError('InvalidParameterValue', `CIDR block ${cidr} is malformed`, 400);
        const same = state.rules.of(group.groupId).find((r) => !r.isEgress && r.protocol === protocol && r.fromPort === fromPort && r.toPort === toPort && r.cidr === cidr);
        if (same) throw new FakeAwsError('InvalidPermission.Duplicate', `the specified rule "peer: ${cidr}, ${protocol.toUpperCase()}, from port: ${fromPort}, to port: ${toPort}, ALLOW" already exists`, 400);
        added.push(state.rules.add({ groupId: group.groupId, isEgress: false, protocol, fromPort, toPort, cidr, ...(str(range.Description) ? { description: str(range.Description) } : {}) }));
      }
    }
    return { return: true, securityGroupRuleSet: added.map((r) => ruleShape(state, r)) };
  },
  RevokeSecurityGroupIngress(state, region, p) {
    const group = requireGroup(state, region, str(p.GroupId) ?? '');
    const ids = list(p.SecurityGroupRuleId).map(String);
    if (ids.length === 0) throw new FakeAwsError('MissingParameter', 'The request must contain the parameter SecurityGroupRuleId (the fake revokes by rule id only)', 400);
    const unknown = ids.find((id) => !state.rules.of(group.groupId).some((r) => r.ruleId === id && !r.isEgress));
    if (unknown) throw new FakeAwsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${unknown}' does not exist`, 400);
    for (const id of ids) state.rules.remove(group.groupId, id);
    return { return: true, revokedSecurityGroupRuleSet: ids.map((id) => ({ securityGroupRuleId: id, groupId: group.groupId, isEgress: false })) };
  },
};
