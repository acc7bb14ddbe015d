import type { Services } from '../services';

/** Starts one stopped instance; waits with progress and cancel; SSH follows a new public address. The flow loads on first use. */
export async function startInstance(services: Services, node?: unknown): Promise<void> {
  const { powerFlow } = await import('../power/powerFlow');
  return powerFlow(services, node, 'start', 'instance');
}
