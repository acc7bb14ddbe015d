import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  paginateDescribeSecurityGroupRules,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { recordOf } from '../kinds/kinds';
import { OUTPUT } from '../kinds/stackContract';
import { hostCidr } from './publicIp';
import { formatPortRange, parsePortList, type PortRange } from './ingressPorts';

/** Every rule we create starts with this, so we list and revoke only our own. */
export const RULE_MARK = 'imaging-lab allow-my-ip';

/** What "Allow my IP" needs from a stack. */
export interface IngressStack {
  readonly stackName: string;
  readonly stackId?: string;
  readonly region: string;
  /** The stack's kind: its record says which ports "Allow my IP" may open. */
  readonly kind?: string;
  readonly outputs: Readonly<Record<string, string | undefined>>;
}

export interface IngressTarget {
  readonly region: string;
  readonly groupId: string;
  readonly ports: PortRange[];
}

export class IngressError extends Error {
  constructor(message: string, readonly code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngressError';
  }
}

type Ec2Clients = Pick<AwsClients, 'ec2'>;

function deniedOr(error: unknown, actions: string): unknown {
  const name = (error as { name?: string }).name ?? '';
  if (name === 'UnauthorizedOperation' || name.startsWith('AccessDenied')) {
    return new IngressError(`Access denied by AWS. Ask your administrator to allow ${actions} for your AWS identity.`, name, { cause: error });
  }
  return error;
}

/**
 * The ports of a known kind's AllowMyIpPorts output that its record does not let "Allow my IP"
 * open: the output is read from the account, so a stack cannot widen what its kind exposes.
 */
function undeclaredPorts(kind: string | undefined, ports: readonly PortRange[]): PortRange[] {
  const record = recordOf(kind);
  if (!record) return [];
  const allowed = new Set(record.ports.filter((p) => p.allowMyIp).map((p) => p.port));
  return ports.filter((r) => r.from !== r.to || !allowed.has(r.from));
}

/**
 * The group and ports from the stack's outputs; a group that was not created by this stack
 * (CloudFormation tags it with the stack name) is refused, so we never open someone else's group,
 * and so are ports the stack's kind does not serve.
 */
export async function resolveIngressTarget(clients: Ec2Clients, stack: IngressStack, signal?: AbortSignal): Promise<IngressTarget> {
  const groupId = stack.outputs[OUTPUT.securityGroupId];
  const portsText = stack.outputs[OUTPUT.allowMyIpPorts];
  if (!groupId || !portsText) {
    throw new IngressError(`Stack ${stack.stackName} has no ${OUTPUT.securityGroupId}/${OUTPUT.allowMyIpPorts} outputs, so there is nothing to open. Its template does not offer "Allow my IP".`, 'NoOutputs');
  }
  const ports = parsePortList(portsText);
  const undeclared = undeclaredPorts(stack.kind, ports);
  if (undeclared.length > 0) {
    throw new IngressError(
      `Stack ${stack.stackName} asks "Allow my IP" to open TCP ${undeclared.map(formatPortRange).join(', ')}, which its kind (${stack.kind}) does not serve, so nothing was opened. Check the stack's ${OUTPUT.allowMyIpPorts} output, or open the port yourself in the EC2 console.`,
      'UndeclaredPorts',
    );
  }
  const ec2 = await clients.ec2(stack.region);
  let tags: { Key?: string; Value?: string }[];
  try {
    const result = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), { abortSignal: signal });
    tags = result.SecurityGroups?.[0]?.Tags ?? [];
  } catch (error) {
    throw deniedOr(error, 'ec2:DescribeSecurityGroups');
  }
  const owner = new Map(tags.map((t) => [t.Key, t.Value]));
  const owned = owner.get('aws:cloudformation:stack-name') === stack.stackName || (stack.stackId !== undefined && owner.get('aws:cloudformation:stack-id') === stack.stackId);
  if (!owned) {
    throw new IngressError(`Security group ${groupId} was not created by stack ${stack.stackName}, so Imaging Lab will not change it. Edit its rules in the EC2 console if you own it.`, 'NotOwned');
  }
  return { region: stack.region, groupId, ports };
}

export interface MyIpRule {
  readonly ruleId: string;
  readonly cidr: string;
  readonly ports: PortRange;
  readonly description: string;
}

/** Our ingress rules on the group (found by the description mark). */
export async function listMyIpRules(clients: Ec2Clients, target: Pick<IngressTarget, 'region' | 'groupId'>, signal?: AbortSignal): Promise<MyIpRule[]> {
  const ec2 = await clients.ec2(target.region);
  const rules: MyIpRule[] = [];
  try {
    const pages = paginateDescribeSecurityGroupRules(
      { client: ec2 },
      { Filters: [{ Name: 'group-id', Values: [target.groupId] }] },
    );
    for await (const page of pages) {
      signal?.throwIfAborted();
      for (const rule of page.SecurityGroupRules ?? []) if (isOurs(rule)) rules.push(toMyIpRule(rule));
    }
  } catch (error) {
    throw deniedOr(error, 'ec2:DescribeSecurityGroupRules');
  }
  return rules;
}

function isOurs(rule: SecurityGroupRule): boolean {
  return !rule.IsEgress && !!rule.CidrIpv4 && !!rule.SecurityGroupRuleId && (rule.Description ?? '').startsWith(RULE_MARK);
}

function toMyIpRule(rule: SecurityGroupRule): MyIpRule {
  return {
    ruleId: rule.SecurityGroupRuleId ?? '',
    cidr: rule.CidrIpv4 ?? '',
    ports: { from: rule.FromPort ?? 0, to: rule.ToPort ?? 0 },
    description: rule.Description ?? '',
  };
}

/** Rule description: only the characters EC2 accepts, at most 255. */
export function ruleDescription(who: string, now: Date): string {
  const safeWho = who.replace(/[^a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/g, '_').slice(0, 120);
  return `${RULE_MARK} for ${safeWho} on ${now.toISOString().slice(0, 10)}`;
}

export interface AllowResult {
  readonly cidr: string;
  readonly added: PortRange[];
  readonly alreadyAllowed: PortRange[];
  /** Our rules for another address: the caller's IP changed since they were added. */
  readonly staleRules: MyIpRule[];
}

/** Opens the stack's ports to `ip`/32; a rule that already exists counts as success. */
export async function allowMyIp(
  clients: Ec2Clients,
  target: IngressTarget,
  input: { ip: string; who: string; now?: Date },
  signal?: AbortSignal,
): Promise<AllowResult> {
  const cidr = hostCidr(input.ip);
  const description = ruleDescription(input.who, input.now ?? new Date());
  const existing = await listMyIpRules(clients, target, signal);
  const ec2 = await clients.ec2(target.region);
  const added: PortRange[] = [];
  const alreadyAllowed: PortRange[] = [];
  for (const ports of target.ports) {
    try {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: target.groupId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: ports.from, ToPort: ports.to, IpRanges: [{ CidrIp: cidr, Description: description }] }],
        }),
        { abortSignal: signal },
      );
      added.push(ports);
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidPermission.Duplicate') alreadyAllowed.push(ports);
      else throw deniedOr(error, 'ec2:AuthorizeSecurityGroupIngress');
    }
  }
  return { cidr, added, alreadyAllowed, staleRules: existing.filter((r) => r.cidr !== cidr) };
}

/** Revokes our rules (all of them, or the given ids); returns how many were removed. */
export async function revokeMyIpRules(
  clients: Ec2Clients,
  target: Pick<IngressTarget, 'region' | 'groupId'>,
  ruleIds?: readonly string[],
  signal?: AbortSignal,
): Promise<number> {
  const ours = await listMyIpRules(clients, target, signal);
  const ids = ours.map((r) => r.ruleId).filter((id) => !ruleIds || ruleIds.includes(id));
  if (ids.length === 0) return 0;
  const ec2 = await clients.ec2(target.region);
  try {
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: target.groupId, SecurityGroupRuleIds: ids }), { abortSignal: signal });
  } catch (error) {
    throw deniedOr(error, 'ec2:RevokeSecurityGroupIngress');
  }
  return ids.length;
}

export function describeRule(rule: MyIpRule): string {
  return `${rule.cidr} tcp ${formatPortRange(rule.ports)} (${rule.description})`;
}
