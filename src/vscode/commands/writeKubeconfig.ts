import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { kubeconfigPath, writeEksKubeconfig } from '../../core/kinds/tator/kubeconfigFile';
import { tatorClusterName } from '../../core/kinds/tator/tatorStack';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';

/**
 * Tator: EKS DescribeCluster, then a context that authenticates with `aws eks get-token` (the
 * session's profile), merged into the kubeconfig kubectl uses, other contexts and comments kept,
 * the old file backed up.
 */
export async function writeKubeconfig(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'writeKubeconfig'), 'Write a kubeconfig entry for which Tator cluster?');
  if (!offersAction(stack, 'writeKubeconfig')) throw new Error(`${stack.stackName} is not a complete Tator stack, so it has no cluster to write a kubeconfig entry for.`);
  const clusterName = tatorClusterName(stack);
  const path = kubeconfigPath(process.env, homedir());
  const { profile, clients } = services.session.session;
  const written = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Writing the kubeconfig entry of ${clusterName}…`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const eks = await clients.eks(stack.region);
      return writeEksKubeconfig(eks, { clusterName, region: stack.region, path, ...(profile ? { profile } : {}) }, abort.signal);
    },
  );
  const what = written.changed ? `Wrote the context of ${clusterName} to ${written.path}` : `${written.path} already has the context of ${clusterName}`;
  const backup = written.backup ? ` (previous file kept as ${written.backup})` : '';
  const current = written.currentContext ? ` Current context: ${written.currentContext}.` : '';
  services.output.info(`${stack.stackName}: ${what}${backup}.${current}`);
  void vscode.window.showInformationMessage(`${what}${backup}. kubectl authenticates with "aws eks get-token", so the AWS CLI must be installed.${current}`);
}
