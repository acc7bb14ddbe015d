import * as vscode from 'vscode';
import { newRequestToken } from '../../core/deploy/createStack';
import { cancelDeployment as cancelInAws } from '../../core/deploy/deleteStack';
import { percentComplete } from '../../core/deploy/progressSelectors';
import { hasStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';
import type { ProgressTarget } from '../webviews/progress/protocol';

interface Cancellable {
  readonly region: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly creating: boolean;
}

function isTarget(node: unknown): node is ProgressTarget {
  const t = node as ProgressTarget;
  return typeof t === 'object' && t !== null && typeof t.stackId === 'string' && typeof t.region === 'string' && typeof t.stackName === 'string' && !('stack' in t);
}

const CANCELLABLE = /^(CREATE|UPDATE)_IN_PROGRESS$/;

/**
 * From the palette: always asks which deployment, even when one runs (the palette is not the place
 * to stop something by accident). Deployments this window follows come first, then stacks the
 * Stacks view shows being created or updated.
 */
async function pickDeployment(services: Services): Promise<Cancellable> {
  const followed = (await services.deployments())
    .running()
    .filter((s) => s.operation !== 'delete')
    .map((s) => ({ label: s.stackName, description: `${s.operation} · ${percentComplete(s)}% · ${s.region} · followed in this window`, c: { region: s.region, stackId: s.stackId, stackName: s.stackName, creating: s.operation === 'create' } }));
  const inventory = await services.stacksTree.whenLoaded();
  const listed = inventory.stacks
    .filter((s) => CANCELLABLE.test(s.status) && !followed.some((f) => f.c.stackId === s.stackId))
    .map((s) => ({ label: s.stackName, description: `${s.status} · ${s.region}`, c: { region: s.region, stackId: s.stackId, stackName: s.stackName, creating: s.status.startsWith('CREATE') } }));
  const items = [...followed, ...listed];
  if (items.length === 0) throw new Error('No deployment is running in the selected regions, so there is nothing to cancel.');
  return required(await vscode.window.showQuickPick(items, { title: 'Cancel Deployment', placeHolder: 'Cancel which deployment? (a create is stopped by deleting the stack; an update is rolled back)', matchOnDescription: true })).c;
}

async function resolveCancellable(services: Services, node: unknown): Promise<Cancellable> {
  if (isTarget(node)) return { region: node.region, stackId: node.stackId, stackName: node.stackName, creating: node.operation === 'create' };
  if (hasStack(node)) return { region: node.stack.region, stackId: node.stack.stackId, stackName: node.stack.stackName, creating: node.stack.status.startsWith('CREATE') };
  return pickDeployment(services);
}

/** Cancels an update (CloudFormation rolls it back) or deletes a stack still being created, after confirmation. */
export async function cancelDeploymentFlow(services: Services, node?: unknown): Promise<void> {
  const target = await resolveCancellable(services, node);
  const action = target.creating ? 'Delete Stack' : 'Cancel Update';
  const answer = await vscode.window.showWarningMessage(
    target.creating
      ? `Stop creating ${target.stackName}? The stack and everything created so far will be deleted.`
      : `Cancel the update of ${target.stackName}? CloudFormation rolls it back to the previous configuration.`,
    { modal: true },
    action,
  );
  if (answer !== action) return;
  const outcome = await cancelInAws(services.session.session.clients, target.region, target.stackId, newRequestToken('cancel'));
  services.output.info(`${target.stackName}: ${outcome}`);
  void vscode.window.setStatusBarMessage(outcome === 'update-cancelled' ? `Cancelling the update of ${target.stackName}…` : `Deleting ${target.stackName}…`, 5000);
}
