import type { Services } from '../services';

/** Opens the progress panel of a stack (reopenable from the tree). The flow, with the SDK clients and YAML parser it needs, loads on first use, not at activation. */
export async function showProgress(services: Services, node?: unknown): Promise<void> {
  const { showProgressFlow } = await import('../deploy/showProgressFlow');
  return showProgressFlow(services, node);
}
