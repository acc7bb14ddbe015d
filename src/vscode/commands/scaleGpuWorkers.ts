import * as vscode from 'vscode';
import { prepareDeploy } from '../../core/deploy/prepareDeploy';
import { currentTemplate, currentValues } from '../../core/deploy/stackResources';
import { offersAction } from '../../core/kinds/kindActions';
import { gpuScaleChoices, gpuScaleRequest } from '../../core/kinds/tator/gpuScale';
import { tatorSizingOf } from '../../core/kinds/tator/tatorSizing';
import { isInProgress } from '../../core/stacks/stackStatus';
import { extensionVersion } from '../deploy/deployStackFlow';
import { reviewAndApplyChangeSet } from '../deploy/updateStackFlow';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';
import { deployEnvironment } from '../wizards/deploy/wizardEnvironment';

const usd = (n: number) => `$${n.toFixed(2)}/h`;

/**
 * Tator: changes the number of GPU worker nodes through an update of the GpuWorkers parameter (the
 * stack's own template, a change set to review), with the cost per hour of every choice.
 */
export async function scaleGpuWorkers(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'scaleGpuWorkers'), 'Scale the GPU workers of which Tator stack?');
  if (!offersAction(stack, 'scaleGpuWorkers') || isInProgress(stack.status)) throw new Error(`${stack.stackName} is not a complete Tator stack; wait until its current operation ends, then scale it.`);
  const deploy = deployEnvironment(services);
  const running = await currentTemplate(deploy.clients, stack.region, stack.stackId);
  const current = await currentValues(deploy.clients, stack.region, stack.stackId, running.template);
  const { sizing } = tatorSizingOf(current);
  const choices = gpuScaleChoices(sizing).map((c) => ({
    label: `${c.gpuWorkers} GPU worker${c.gpuWorkers === 1 ? '' : 's'}${c.current ? ' (now)' : ''}`,
    description: `~${usd(c.usdPerHour)}${c.current ? '' : ` (${c.deltaUsdPerHour >= 0 ? '+' : '−'}${usd(Math.abs(c.deltaUsdPerHour))})`}`,
    choice: c,
  }));
  const picked = required(
    await vscode.window.showQuickPick(choices, {
      title: `Scale GPU workers of ${stack.stackName}`,
      placeHolder: `${sizing.gpuInstanceType} GPU workers: ${sizing.gpuWorkers} now. Estimates, us-east-1 on-demand prices.`,
      ignoreFocusOut: true,
    }),
  ).choice;
  if (picked.current) {
    void vscode.window.showInformationMessage(`${stack.stackName} already has ${picked.gpuWorkers} GPU worker(s); nothing changed.`);
    return;
  }
  const prepared = await prepareDeploy(gpuScaleRequest(stack, running, current, picked.gpuWorkers, extensionVersion(services)), deploy);
  if (prepared.blockers.length > 0) throw new Error(`${stack.stackName} cannot be scaled: ${prepared.blockers.map((b) => b.text).join('; ')}.`);
  services.output.info(`${stack.stackName}: scaling GPU workers ${sizing.gpuWorkers} -> ${picked.gpuWorkers} (${usd(picked.usdPerHour)}).`);
  await reviewAndApplyChangeSet(services, deploy, stack, prepared);
}
