import type { Services } from '../services';

/** Stops one instance after saying what stopping keeps and loses; waits with progress and cancel. The flow loads on first use. */
export async function stopInstance(services: Services, node?: unknown): Promise<void> {
  const { powerFlow } = await import('../power/powerFlow');
  return powerFlow(services, node, 'stop', 'instance');
}
