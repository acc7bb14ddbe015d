import { isKindId, kindRecord } from '../kinds/kinds';
import { OUTPUT, TAG_SSH_PORT, TAG_SSH_USER } from '../kinds/stackContract';
import { outputValue, type StackInfo } from '../stacks/stackInfo';
import type { InstanceInfo } from '../stacks/stackInstances';
import { ownerHash, type HostOwner } from './hostOwner';
import { keyPairParameterName } from './keyPairKey';
import { SshSetupError } from './sshAwsErrors';
import { instanceId, isHostName, shownValue, sshHostName, sshPort, sshUser, UntrustedValueError } from './sshValues';

export type SshRoute = { readonly kind: 'direct' } | { readonly kind: 'jump'; readonly via: SshHostPlan } | { readonly kind: 'ssm' };
export type KeySource = { readonly kind: 'keyPair'; readonly parameter: string } | { readonly kind: 'instanceConnect' };

/**
 * How to reach one instance: the answer to "connect me" before any key or pin is fetched. Every
 * value that came from the account (user, host, port, instance id) has passed a strict grammar.
 */
export interface SshHostPlan {
  /** The alias wanted for the host (stack name, plus the role when the stack has several); the managed config may add the region to keep it unique. */
  readonly alias: string;
  readonly instance: InstanceInfo;
  readonly hostName: string;
  readonly port: number;
  readonly user: string;
  readonly route: SshRoute;
  readonly keySource: KeySource;
  /** The stack the host belongs to. */
  readonly owner: HostOwner;
  /** Base name of the stack's key files, unique per stack (`<stack>-<hash of its id>`). */
  readonly keyName: string;
}

type PlanStack = Pick<StackInfo, 'stackName' | 'stackId' | 'kind' | 'outputs' | 'region'>;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

function ownerOf(stack: Pick<StackInfo, 'stackName' | 'stackId' | 'region'>): HostOwner {
  return { name: stack.stackName, region: stack.region, ...(stack.stackId ? { stackId: stack.stackId } : {}) };
}

/** Key files are named per stack with a hash of its id, so same-named stacks never share one. */
export function stackKeyName(stack: Pick<StackInfo, 'stackName' | 'stackId' | 'region'>): string {
  return `${slug(stack.stackName) || 'stack'}-${ownerHash(ownerOf(stack))}`;
}

/** `<stack>` for single-instance stacks, `<stack>-<role>` when there are several (no kind prefix). */
export function hostAlias(stack: Pick<StackInfo, 'stackName'>, instance: InstanceInfo, instanceCount: number): string {
  const base = slug(stack.stackName) || 'stack';
  return instanceCount > 1 ? `${base}-${slug(instance.role ?? instance.logicalId ?? instance.instanceId) || 'host'}` : base;
}

function loginUser(stack: PlanStack, instance: InstanceInfo): string {
  if (instance.sshUser !== undefined) return sshUser(instance.sshUser, `Stack ${stack.stackName}, instance tag ${TAG_SSH_USER} of ${instance.instanceId}`);
  const output = outputValue(stack, OUTPUT.sshUser);
  if (output !== undefined) return sshUser(output, `Stack ${stack.stackName}, output ${OUTPUT.sshUser}`);
  const user = isKindId(stack.kind) ? kindRecord(stack.kind).loginUser : undefined;
  if (!user) {
    throw new SshSetupError(`No SSH user is known for ${instance.instanceId}: tag it with ${TAG_SSH_USER} or add an SshUser output to the stack.`, 'NoSshUser');
  }
  return user;
}

function keySource(stack: PlanStack): KeySource {
  const parameter = outputValue(stack, OUTPUT.keyPairParameter);
  return parameter ? { kind: 'keyPair', parameter: keyPairParameterName(parameter) } : { kind: 'instanceConnect' };
}

/**
 * The public address to use: the SshHost output only when it is the instance's own public DNS
 * name or IP (a stack must not point us at a host it does not own), else the instance's own.
 */
function publicHostOf(stack: PlanStack, instance: InstanceInfo, mainInstance: boolean): string | undefined {
  const own = [instance.publicDns, instance.publicIp].filter((a): a is string => !!a);
  for (const [field, address] of [['public DNS name', instance.publicDns], ['public IP', instance.publicIp]] as const) {
    if (address) sshHostName(address, `Stack ${stack.stackName}, ${field} of ${instance.instanceId}`);
  }
  const output = mainInstance ? outputValue(stack, OUTPUT.sshHost) : undefined;
  if (output === undefined) return own[0];
  const origin = `Stack ${stack.stackName}, output ${OUTPUT.sshHost}`;
  if (!isHostName(output)) sshHostName(output, origin);
  if (!own.some((a) => a.toLowerCase() === output.toLowerCase())) {
    throw new UntrustedValueError(
      `${origin}: ${shownValue(output)} is neither the public DNS name nor the public IP of the stack's instance ${instance.instanceId} (${own.join(', ') || 'it has none'}). Imaging Lab connects only to the instance's own address; correct the output, or connect to that host yourself.`,
    );
  }
  return output;
}

function planOne(stack: PlanStack, instances: readonly InstanceInfo[], instance: InstanceInfo, depth: number): SshHostPlan {
  if (instance.state !== 'running') {
    throw new SshSetupError(`Instance ${instance.instanceId} (${instance.role ?? instance.logicalId}) is ${instance.state}. Start it (EC2 console or the stack's tree node), then connect again.`, 'NotRunning');
  }
  const where = `Stack ${stack.stackName}, instance ${instance.instanceId}`;
  instanceId(instance.instanceId, `Stack ${stack.stackName}, an instance id`);
  const common = {
    alias: hostAlias(stack, instance, instances.length),
    instance,
    port: sshPort(instance.sshPort ?? 22, `${where}, tag ${TAG_SSH_PORT}`),
    user: loginUser(stack, instance),
    keySource: keySource(stack),
    owner: ownerOf(stack),
    keyName: stackKeyName(stack),
  };
  const mainInstance = outputValue(stack, OUTPUT.instanceId) === instance.instanceId || instances.length === 1;
  const publicHost = publicHostOf(stack, instance, mainInstance);
  if (publicHost) return { ...common, hostName: publicHost, route: { kind: 'direct' } };
  if (instance.sshVia && depth === 0) {
    const jump = instances.find((i) => i.role === instance.sshVia);
    if (!jump) throw new SshSetupError(`Instance ${instance.instanceId} is reached through role '${instance.sshVia}', but the stack has no instance with that role.`, 'NoJumpHost');
    if (!instance.privateIp) throw new SshSetupError(`Instance ${instance.instanceId} has no private IP address yet.`, 'NoAddress');
    const hostName = sshHostName(instance.privateIp, `${where}, private IP`);
    return { ...common, hostName, route: { kind: 'jump', via: planOne(stack, instances, jump, depth + 1) } };
  }
  // No public address and no jump host: Session Manager reaches the instance by its id.
  return { ...common, hostName: instance.instanceId, route: { kind: 'ssm' } };
}

/** Picks the instance (by role, or the only/main one) and works out how to reach it. */
export function planSsh(stack: PlanStack, instances: readonly InstanceInfo[], role?: string): SshHostPlan {
  if (instances.length === 0) throw new SshSetupError(`Stack ${stack.stackName} has no EC2 instances to connect to.`, 'NoInstances');
  let target: InstanceInfo | undefined;
  if (role) target = instances.find((i) => i.role === role || i.logicalId === role || i.instanceId === role);
  else if (instances.length === 1) target = instances[0];
  else target = instances.find((i) => i.instanceId === outputValue(stack, OUTPUT.instanceId));
  if (!target) {
    const roles = instances.map((i) => i.role ?? i.logicalId).join(', ');
    throw new SshSetupError(`${role ? `Stack ${stack.stackName} has no instance with role '${role}'` : `Stack ${stack.stackName} has several instances`}; choose one of: ${roles}.`, 'ChooseRole');
  }
  return planOne(stack, instances, target, 0);
}
