import type { Services } from '../services';

/** Changes parameters of a stack through a reviewed change set. The flow, with the SDK clients and YAML parser it needs, loads on first use, not at activation. */
export async function updateStack(services: Services, node?: unknown): Promise<void> {
  const { updateStackFlow } = await import('../deploy/updateStackFlow');
  return updateStackFlow(services, node);
}
