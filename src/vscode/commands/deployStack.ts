import type { Services } from '../services';

/** "Imaging Lab: Deploy…" (palette, view title, Explorer on a template file, or a kind id). The flow, with the SDK clients and YAML parser it needs, loads on first use, not at activation. */
export async function deployStack(services: Services, node?: unknown): Promise<void> {
  const { deployStackFlow } = await import('../deploy/deployStackFlow');
  return deployStackFlow(services, node);
}
