import * as vscode from 'vscode';
import { newRequestToken } from '../../core/deploy/createStack';
import { cancelDeployment as cancelInAws } from '../../core/deploy/deleteStack';
import { isInProgress } from '../../core/stacks/stackStatus';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import type { ProgressTarget } from '../webviews/progress/protocol';

function isTarget(node: unknown): node is ProgressTarget {
  const t = node as ProgressTarget;
  return typeof t === 'object' && t !== null && typeof t.stackId === 'string' && typeof t.region === 'string' && typeof t.stackName === 'string' && !('stack' in t);
}

/** Cancels an update (CloudFormation rolls it back) or deletes a stack still being created, after confirmation. */
export async function cancelDeploymentFlow(services: Services, node?: unknown): Promise<void> {
  const target = isTarget(node)
    ? node
    : await resolveStack(services, node, (s) => isInProgress(s.status) && (s.status.startsWith('CREATE') || s.status.startsWith('UPDATE_IN')), 'Cancel the deployment of which stack?');
  const creating = 'operation' in target ? target.operation === 'create' : target.status.startsWith('CREATE');
  const action = creating ? 'Delete Stack' : 'Cancel Update';
  const answer = await vscode.window.showWarningMessage(
    creating
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
