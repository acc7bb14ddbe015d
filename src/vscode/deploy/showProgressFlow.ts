import { operationOf } from './operationOf';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';

/** Opens the progress panel of a stack: the running operation, or the last one (read back from AWS). */
export async function showProgressFlow(services: Services, node?: unknown): Promise<void> {
  const deployments = await services.deployments();
  const running = deployments.running();
  if (node === undefined && running.length === 1 && running[0]) {
    const s = running[0];
    deployments.show({ region: s.region, stackId: s.stackId, stackName: s.stackName, operation: s.operation, ...(s.kind ? { kind: s.kind } : {}) });
    return;
  }
  const stack = await resolveStack(services, node, () => true, 'Show the progress of which stack?');
  deployments.show({
    region: stack.region,
    stackId: stack.stackId,
    stackName: stack.stackName,
    operation: operationOf(stack.status),
    ...(stack.kind !== 'other' ? { kind: stack.kind } : {}),
  });
}
