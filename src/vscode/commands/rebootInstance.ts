import type { Services } from '../services';

/** Reboots one running instance after asking (addresses and storage stay). The flow loads on first use. */
export async function rebootInstance(services: Services, node?: unknown): Promise<void> {
  const { powerFlow } = await import('../power/powerFlow');
  return powerFlow(services, node, 'reboot', 'instance');
}
