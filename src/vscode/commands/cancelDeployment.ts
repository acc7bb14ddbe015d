import type { Services } from '../services';

/** Cancels an update, or deletes a stack still being created, after confirmation. The flow, with the SDK clients and YAML parser it needs, loads on first use, not at activation. */
export async function cancelDeployment(services: Services, node?: unknown): Promise<void> {
  const { cancelDeploymentFlow } = await import('../deploy/cancelDeploymentFlow');
  return cancelDeploymentFlow(services, node);
}
