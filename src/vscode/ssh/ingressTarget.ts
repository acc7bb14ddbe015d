import { userInfo } from 'node:os';
import { OUTPUT } from '../../core/kinds/stackContract';
import { resolveIngressTarget, type IngressTarget } from '../../core/net/allowMyIp';
import { outputValue, type StackInfo } from '../../core/stacks/stackInfo';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';

/** Stacks that offer "Allow my IP" (both outputs present). */
export function offersAllowMyIp(stack: StackInfo): boolean {
  return !!outputValue(stack, OUTPUT.securityGroupId) && !!outputValue(stack, OUTPUT.allowMyIpPorts);
}

export async function resolveIngress(services: Services, node: unknown, placeHolder: string): Promise<{ stack: StackInfo; target: IngressTarget }> {
  const stack = await resolveStack(services, node, offersAllowMyIp, placeHolder);
  const outputs = Object.fromEntries(stack.outputs.map((o) => [o.key, o.value]));
  const target = await resolveIngressTarget(services.session.session.clients, { stackName: stack.stackName, stackId: stack.stackId, region: stack.region, kind: stack.kind, outputs });
  return { stack, target };
}

/** Who the rule is for: the IAM identity's name when known, else the local user. */
export function ruleOwner(services: Services): string {
  const identity = services.session.identity;
  if (identity.state === 'ok') return identity.identity.arn.split('/').pop() ?? identity.identity.arn;
  return userInfo().username;
}
