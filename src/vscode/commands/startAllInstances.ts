import type { Services } from '../services';

/** Starts every stopped instance of a stack; SSH follows new public addresses. The flow loads on first use. */
export async function startAllInstances(services: Services, node?: unknown): Promise<void> {
  const { powerFlow } = await import('../power/powerFlow');
  return powerFlow(services, node, 'start', 'stack');
}
