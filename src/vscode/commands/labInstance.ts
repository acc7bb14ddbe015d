import { listStackInstances } from '../../core/stacks/stackInstances';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { Services } from '../services';

/** A node-like value naming the lab's Jupyter instance (role tag `jupyter`), so the SSH target needs no question. */
export async function jupyterInstanceNode(services: Services, stack: StackInfo): Promise<{ stack: StackInfo; instance?: { instanceId: string } }> {
  const instances = await listStackInstances(services.session.session.clients, stack.region, stack.stackName);
  const jupyter = instances.find((i) => i.role === 'jupyter') ?? (instances.length === 1 ? instances[0] : undefined);
  return jupyter ? { stack, instance: jupyter } : { stack };
}
