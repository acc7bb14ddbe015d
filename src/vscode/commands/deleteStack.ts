import type { Services } from '../services';

/** Deletes a stack after typing its name; the progress panel follows the deletion. The flow, with the SDK clients and YAML parser it needs, loads on first use, not at activation. */
export async function deleteStack(services: Services, node?: unknown): Promise<void> {
  const { deleteStackFlow } = await import('../deploy/deleteStackFlow');
  return deleteStackFlow(services, node);
}
