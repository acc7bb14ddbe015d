import * as vscode from 'vscode';
import type { ChangeRow } from '../../core/deploy/changeSet';
import { newRequestToken } from '../../core/deploy/createStack';
import { applyUpdate, proposeUpdate } from '../../core/deploy/executeDeploy';
import { currentTemplate, currentValues, expectedFromStack, newestEventId } from '../../core/deploy/stackResources';
import { carriedValues } from '../../core/deploy/templateUpdate';
import { isKindId } from '../../core/kinds/kinds';
import type { DeployEnvironment } from '../../core/deploy/deployEnvironment';
import type { PreparedDeploy } from '../../core/deploy/prepareDeploy';
import type { StackInfo } from '../../core/stacks/stackInfo';
import { isInProgress } from '../../core/stacks/stackStatus';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { runUpdateWizard } from '../wizards/deploy/deployWizard';
import { deployEnvironment, wizardEnvironment } from '../wizards/deploy/wizardEnvironment';
import { QuickInputPrompter } from '../wizards/quickInputPrompter';
import { extensionVersion } from './deployStackFlow';
import { stagingConsent } from './stagingConsent';
import { chooseUpdateTemplate } from './updateTemplateChoice';

function changeItem(c: ChangeRow): vscode.QuickPickItem {
  const replace = c.replacement === 'True' ? '$(warning) REPLACED' : c.replacement === 'Conditional' ? '$(warning) may be replaced' : '';
  return {
    label: `${c.action === 'Add' ? '$(add)' : c.action === 'Remove' ? '$(trash)' : '$(edit)'} ${c.logicalId}`,
    description: [c.resourceType, replace].filter(Boolean).join(' · '),
    detail: c.details.length > 0 ? `Changes: ${c.details.join(', ')}` : undefined,
  };
}

/**
 * Updates an existing stack: its current template with new values, the template this version ships
 * for its kind, or a template file. The wizard asks with the current values; the deploy use case
 * checks (the instance's zone must offer a new instance type) and plans; a change set shows what
 * would change (replacements first) before anything is executed.
 */
export async function updateStackFlow(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => !isInProgress(s.status) && s.status !== 'DELETE_COMPLETE', 'Update which stack?');
  if (stack.status === 'ROLLBACK_COMPLETE' || stack.status === 'ROLLBACK_FAILED') {
    throw new Error(`${stack.stackName} rolled back when it was created, and CloudFormation cannot update such a stack. Delete it, then deploy again.`);
  }
  const deploy = deployEnvironment(services);
  const env = wizardEnvironment(services, deploy);
  const version = extensionVersion(services);
  const running = await currentTemplate(deploy.clients, stack.region, stack.stackId);
  const chosen = await chooseUpdateTemplate(env, stack, running, version);
  if (!chosen) return;
  const current = await currentValues(deploy.clients, stack.region, stack.stackId, running.template);
  const prepared = await runUpdateWizard(env, new QuickInputPrompter(), {
    version, region: stack.region, stackName: stack.stackName, template: chosen.loaded, values: carriedValues(current, chosen.loaded.template),
    currentParameters: stack.parameters.map((p) => p.key), existing: { values: current, tags: stack.tags, templateChanged: chosen.changed },
    ...(isKindId(stack.kind) ? { kind: stack.kind } : {}),
  });
  if (!prepared) return;
  await reviewAndApplyChangeSet(services, deploy, stack, prepared);
}

/**
 * The end of every update (the wizard's, a kind action's like "Scale GPU Workers"): CloudFormation
 * prepares a change set, the user sees what would change (replacements first) and executes it, and
 * the progress panel follows the update.
 */
export async function reviewAndApplyChangeSet(services: Services, deploy: DeployEnvironment, stack: StackInfo, prepared: PreparedDeploy): Promise<void> {
  const changeSet = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Preparing the change set of ${stack.stackName}…`, cancellable: true },
    (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return proposeUpdate(prepared, deploy, { clientToken: newRequestToken('cs'), consent: stagingConsent, signal: abort.signal });
    },
  );
  if (!changeSet.hasChanges) {
    void vscode.window.showInformationMessage(`Nothing to change in ${stack.stackName}: the template and values are the ones it already has.`);
    return;
  }
  const execute = { label: '$(check) Execute change set', description: `${changeSet.changes.length} change(s)` };
  const picked = await vscode.window.showQuickPick([execute, { label: '', kind: vscode.QuickPickItemKind.Separator }, ...changeSet.changes.map(changeItem)], {
    title: `Update ${stack.stackName}: review the changes`,
    placeHolder: changeSet.changes.some((c) => c.replacement === 'True') ? 'Some resources will be REPLACED (new ids, data on them lost). Execute?' : 'Execute these changes?',
    ignoreFocusOut: true,
  });
  if (picked !== execute) return;
  const afterEventId = await newestEventId(deploy.clients, stack.region, stack.stackId);
  await applyUpdate(prepared, changeSet, deploy, newRequestToken('update'));
  const expected = await expectedFromStack(deploy.clients, stack.region, stack.stackId).catch(() => []);
  (await services.deployments()).show(
    { region: stack.region, stackId: stack.stackId, stackName: stack.stackName, operation: 'update', ...(stack.kind !== 'other' ? { kind: stack.kind } : {}) },
    { expected: expected.filter((e) => changeSet.changes.some((c) => c.logicalId === e.logicalId)), ...(afterEventId ? { afterEventId } : {}), notify: true },
  );
}
