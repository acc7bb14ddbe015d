import * as vscode from 'vscode';
import { newRequestToken } from '../../core/deploy/createStack';
import { applyUpdate, proposeUpdate } from '../../core/deploy/executeDeploy';
import { newestEventId } from '../../core/deploy/stackResources';
import { offersAction } from '../../core/kinds/kindActions';
import { labParameter } from '../../core/kinds/lab/labStack';
import { planLabSwitch } from '../../core/kinds/lab/labSwitchUpdate';
import { LAB_SWITCHES } from '../../core/kinds/lab/labSwitches';
import { extensionVersion } from '../deploy/deployStackFlow';
import { stagingConsent } from '../deploy/stagingConsent';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';
import { deployEnvironment } from '../wizards/deploy/wizardEnvironment';

const usd = (n: number) => `$${n.toFixed(3)}/h`;

/**
 * Research lab: switches the NAT gateway and the Client VPN on or off with a stack update (only
 * those parameters change), after showing the change set and the hourly cost before and after.
 */
export async function switchLabCosts(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'switchLabCosts'), 'Switch the costly parts of which research lab?');
  const items = LAB_SWITCHES.map((s) => ({ label: s.label, description: `${usd(s.usdPerHour)} while on`, detail: s.hint, picked: labParameter(stack, s.parameter) === 'true', parameter: s.parameter }));
  const picked = required(await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: `Which parts of ${stack.stackName} should run? (unticked ones are removed)`, ignoreFocusOut: true }));
  const on = new Set(picked.map((p) => p.parameter));
  const deploy = deployEnvironment(services);
  const { prepared, summary, changeSet } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Preparing the update of ${stack.stackName}…`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const plan = await planLabSwitch(deploy, stack, on, extensionVersion(services), abort.signal, (message) => progress.report({ message }));
      const cs = await proposeUpdate(plan.prepared, deploy, { clientToken: newRequestToken('cs'), consent: stagingConsent, signal: abort.signal });
      return { ...plan, changeSet: cs };
    },
  );
  if (!changeSet.hasChanges || summary.changed.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to switch in ${stack.stackName}: it already runs exactly those parts (${usd(summary.before.usdPerHour)}).`);
    return;
  }
  const apply = 'Update Stack';
  const detail = [
    `${summary.changed.join(', ')}.`,
    `Estimated cost: ${usd(summary.before.usdPerHour)} now, ${usd(summary.after.usdPerHour)} after.`,
    `${changeSet.changes.length} resource change(s): ${changeSet.changes.map((c) => `${c.action} ${c.logicalId}`).join(', ')}.`,
    ...prepared.notes.map((n) => n.text),
    summary.after.note,
  ].join('\n');
  if ((await vscode.window.showWarningMessage(`Update ${stack.stackName}?`, { modal: true, detail }, apply)) !== apply) return;
  const afterEventId = await newestEventId(deploy.clients, stack.region, stack.stackId);
  await applyUpdate(prepared, changeSet, deploy, newRequestToken('update'));
  (await services.deployments()).show(
    { region: stack.region, stackId: stack.stackId, stackName: stack.stackName, operation: 'update', kind: 'lab' },
    { ...(afterEventId ? { afterEventId } : {}), notify: true },
  );
}
