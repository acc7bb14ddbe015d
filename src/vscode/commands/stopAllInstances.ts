import type { Services } from '../services';

/** Stops every instance of a stack after saying what stopping keeps and loses. The flow loads on first use. */
export async function stopAllInstances(services: Services, node?: unknown): Promise<void> {
  const { powerFlow } = await import('../power/powerFlow');
  return powerFlow(services, node, 'stop', 'stack');
}
