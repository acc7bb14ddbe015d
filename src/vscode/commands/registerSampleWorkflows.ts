import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { registerSampleWorkflows as registerOnInstance, type WorkflowRegistration } from '../../core/kinds/mde/sampleWorkflows';
import { remoteExec } from '../../core/ssh/remoteExec';
import { connectBuiltIn } from '../../core/ssh/sshAccess';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { resolveSshTarget, withSshProgress } from '../ssh/sshTarget';
import { withHostKeyPrompt } from '../ssh/withHostKeyPrompt';

function summary(results: readonly WorkflowRegistration[]): string {
  const count = (o: WorkflowRegistration['outcome']) => results.filter((r) => r.outcome === o).length;
  return `${count('registered')} registered, ${count('exists')} already there, ${count('failed')} failed`;
}

/**
 * MDE: registers the bundle's sample workflows with the workflow manager, over SSH because the
 * manager listens on the instance's loopback only (no port is opened for it).
 */
export async function registerSampleWorkflows(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'registerSampleWorkflows'), 'Register sample workflows on which MONAI Deploy Express stack?');
  const target = await resolveSshTarget(services, { stack }, 'MONAI Deploy Express instance');
  const results = await withHostKeyPrompt((acceptOnce) =>
    withSshProgress(`Registering MDE sample workflows on ${target.plan.alias}`, async (progress, signal) => {
      const connection = await connectBuiltIn(target.deps(progress, signal), target.plan, acceptOnce);
      try {
        return await registerOnInstance(remoteExec(connection), { signal, onProgress: progress });
      } finally {
        connection.close();
      }
    }),
  );
  for (const r of results) services.output.info(`MDE workflow ${r.file}: ${r.outcome}${r.workflowId ? ` (${r.workflowId})` : ''} ${r.httpStatus ?? ''} ${r.outcome === 'failed' ? r.detail : ''}`.trim());
  const message = `MDE sample workflows on ${stack.stackName}: ${summary(results)}.`;
  const show = 'Show Details';
  const failed = results.some((r) => r.outcome === 'failed');
  const choice = await (failed ? vscode.window.showWarningMessage(message, show) : vscode.window.showInformationMessage(message, show));
  if (choice === show) services.output.show(true);
}
