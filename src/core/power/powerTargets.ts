import type { AwsClients } from '../aws/clients';
import { hostAlias } from '../ssh/sshPlan';
import type { StackInfo } from '../stacks/stackInfo';
import { listStackInstances } from '../stacks/stackInstances';
import { describePowerInstances } from './describePower';
import type { PowerInstance } from './powerTypes';

export class PowerTargetError extends Error {
  /** `noInstances`: the stack has no EC2 instance of its own, so a stack-wide power action has nothing to do. */
  constructor(
    message: string,
    readonly noInstances = false,
  ) {
    super(message);
    this.name = 'PowerTargetError';
  }
}

/**
 * The instances a power command acts on: every AWS::EC2::Instance of the stack, or the one named
 * by id, role or logical id. Instances of EKS node groups are not stack resources and are left
 * alone (their Auto Scaling group would replace a stopped node).
 */
export async function powerTargets(
  clients: Pick<AwsClients, 'cloudFormation' | 'ec2'>,
  stack: Pick<StackInfo, 'stackName' | 'stackId' | 'kind' | 'region'>,
  instance?: string,
  signal?: AbortSignal,
): Promise<PowerInstance[]> {
  const listed = await listStackInstances(clients as AwsClients, stack.region, stack.stackId || stack.stackName, signal);
  if (listed.length === 0) throw new PowerTargetError(`Stack ${stack.stackName} has no EC2 instances to stop or start.`, true);
  const chosen = instance ? listed.filter((i) => i.instanceId === instance || i.role === instance || i.logicalId === instance) : listed;
  if (chosen.length === 0) {
    throw new PowerTargetError(`Stack ${stack.stackName} has no instance '${instance}'. Its instances: ${listed.map((i) => `${i.instanceId} (${i.role ?? i.logicalId})`).join(', ')}.`);
  }
  const aliases = new Map(listed.map((i) => [i.instanceId, hostAlias(stack, i, listed.length)]));
  return (await describePowerInstances(clients, stack.region, chosen, signal)).map((p) => ({ ...p, ...(aliases.has(p.instanceId) ? { sshAlias: aliases.get(p.instanceId)! } : {}) }));
}
