import type { Services } from '../services';
import { ProgressPanel } from '../webviews/progress/progressPanel';
import type { ProgressTarget } from '../webviews/progress/protocol';
import { Deployments } from './deployments';

const instances = new WeakMap<Services, Deployments>();

/** The window's deployments (created on first use; the lead may move it into Services). */
export function deploymentsFor(services: Services): Deployments {
  let d = instances.get(services);
  if (!d) {
    const created = new Deployments(services, (target: ProgressTarget) => ProgressPanel.show(services, created, target));
    services.context.subscriptions.push(created);
    instances.set(services, created);
    d = created;
  }
  return d;
}
