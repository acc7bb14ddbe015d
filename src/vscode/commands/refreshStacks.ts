import type { Services } from '../services';

export async function refreshStacks(services: Services): Promise<void> {
  await services.stacksTree.refresh();
}
