import { catalogEntry } from '../catalog/catalog';
import { isKindId, OUTPUT } from '../catalog/kindIds';
import { outputValue, type StackInfo } from '../stacks/stackInfo';
import type { InstanceInfo } from '../stacks/stackInstances';
import { keyPairParameterName } from './keyPairKey';
import { SshSetupError } from './sshAwsErrors';

export type SshRoute = { readonly kind: 'direct' } | { readonly kind: 'jump'; readonly via: SshHostPlan } | { readonly kind: 'ssm' };
export type KeySource = { readonly kind: 'keyPair'; readonly parameter: string } | { readonly kind: 'instanceConnect' };

/** How to reach one instance: the answer to "connect me" before any key or pin is fetched. */
export interface SshHostPlan {
  readonly alias: string;
  readonly instance: InstanceInfo;
  readonly hostName: string;
  readonly port: number;
  readonly user: string;
  readonly route: SshRoute;
  readonly keySource: KeySource;
  /** Alias of the stack (`<kind>-<stack>`), used to name the stack's key file. */
  readonly stackAlias: string;
}

type PlanStack = Pick<StackInfo, 'stackName' | 'kind' | 'outputs' | 'region'>;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

export function stackAlias(stack: Pick<StackInfo, 'stackName' | 'kind'>): string {
  return `${stack.kind}-${slug(stack.stackName)}`;
}

/** `<kind>-<stack>` for single-instance stacks, `<kind>-<stack>-<role>` when there are several. */
export function hostAlias(stack: Pick<StackInfo, 'stackName' | 'kind'>, instance: InstanceInfo, instanceCount: number): string {
  const base = stackAlias(stack);
  return instanceCount > 1 ? `${base}-${slug(instance.role ?? instance.logicalId ?? instance.instanceId)}` : base;
}

function loginUser(stack: PlanStack, instance: InstanceInfo): string {
  const user = instance.sshUser ?? outputValue(stack, OUTPUT.sshUser) ?? (isKindId(stack.kind) ? catalogEntry(stack.kind).loginUser : undefined);
  if (!user) {
    throw new SshSetupError(`No SSH user is known for ${instance.instanceId}: tag it with imaging-lab:ssh-user or add an SshUser output to the stack.`, 'NoSshUser');
  }
  return user;
}

function keySource(stack: PlanStack): KeySource {
  const parameter = outputValue(stack, OUTPUT.keyPairParameter);
  return parameter ? { kind: 'keyPair', parameter: keyPairParameterName(parameter) } : { kind: 'instanceConnect' };
}

function planOne(stack: PlanStack, instances: readonly InstanceInfo[], instance: InstanceInfo, depth: number): SshHostPlan {
  if (instance.state !== 'running') {
    throw new SshSetupError(`Instance ${instance.instanceId} (${instance.role ?? instance.logicalId}) is ${instance.state}. Start it (EC2 console or the stack's tree node), then connect again.`, 'NotRunning');
  }
  const common = {
    alias: hostAlias(stack, instance, instances.length),
    instance,
    port: instance.sshPort ?? 22,
    user: loginUser(stack, instance),
    keySource: keySource(stack),
    stackAlias: stackAlias(stack),
  };
  const mainInstance = outputValue(stack, OUTPUT.instanceId) === instance.instanceId || instances.length === 1;
  const publicHost = (mainInstance ? outputValue(stack, OUTPUT.sshHost) : undefined) ?? instance.publicDns ?? instance.publicIp;
  if (publicHost) return { ...common, hostName: publicHost, route: { kind: 'direct' } };
  if (instance.sshVia && depth === 0) {
    const jump = instances.find((i) => i.role === instance.sshVia);
    if (!jump) throw new SshSetupError(`Instance ${instance.instanceId} is reached through role '${instance.sshVia}', but the stack has no instance with that role.`, 'NoJumpHost');
    if (!instance.privateIp) throw new SshSetupError(`Instance ${instance.instanceId} has no private IP address yet.`, 'NoAddress');
    return { ...common, hostName: instance.privateIp, route: { kind: 'jump', via: planOne(stack, instances, jump, depth + 1) } };
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
