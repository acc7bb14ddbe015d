import * as vscode from 'vscode';
import { requiredCapabilities } from '../../core/cfn/capabilities';
import { executeUpdate, planUpdate, type ChangeRow } from '../../core/deploy/changeSet';
import { newRequestToken } from '../../core/deploy/createStack';
import { currentTemplate, expectedFromStack, newestEventId } from '../../core/deploy/stackResources';
import { templateSource } from '../../core/deploy/templateStaging';
import { updatePlacementProblem } from '../../core/deploy/updatePlacement';
import { carriedValues, tagsForTemplateUpdate } from '../../core/deploy/templateUpdate';
import { isInProgress } from '../../core/stacks/stackStatus';
import { deploymentsFor } from './deploymentsFor';
import { stagingConsent } from './stagingConsent';
import { chooseUpdateTemplate } from './updateTemplateChoice';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { ProgressPanel } from '../webviews/progress/progressPanel';
import { runUpdateWizard } from '../wizards/deploy/deployWizard';
import { wizardEnvironment } from '../wizards/deploy/wizardEnvironment';
import { QuickInputPrompter } from '../wizards/quickInputPrompter';

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
 * for its kind, or a template file; the same wizard with current values; a change set whose changes
 * (replacements first) are shown before anything is executed.
 */
export async function updateStackFlow(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => !isInProgress(s.status) && s.status !== 'DELETE_COMPLETE', 'Update which stack?');
  if (stack.status === 'ROLLBACK_COMPLETE' || stack.status === 'ROLLBACK_FAILED') {
    throw new Error(`${stack.stackName} rolled back when it was created, and CloudFormation cannot update such a stack. Delete it, then deploy again.`);
  }
  const clients = services.session.session.clients;
  const env = wizardEnvironment(services);
  const version = String((services.context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const chosen = await chooseUpdateTemplate(env, stack, await currentTemplate(clients, stack.region, stack.stackId), version);
  if (!chosen) return;
  const template = chosen.loaded;
  const current = Object.fromEntries(stack.parameters.filter((p) => !p.masked).map((p) => [p.key, p.value]));
  const values = carriedValues(current, template.template);
  const currentParameters = stack.parameters.map((p) => p.key);
  const choices = await runUpdateWizard(env, new QuickInputPrompter(), { region: stack.region, stackName: stack.stackName, template, values, currentParameters });
  if (!choices) return;
  const placement = await updatePlacementProblem(clients, stack, template.template, current, choices.values);
  if (placement) throw new Error(placement);
  const updateSource = chosen.changed ? await templateSource(clients, stack.region, template.body, stagingConsent) : undefined;
  const plan = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Preparing the change set of ${stack.stackName}…`, cancellable: true },
    (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return planUpdate(
        clients,
        {
          region: stack.region, stackName: stack.stackName, parameters: choices.values, keepPrevious: choices.keepPrevious,
          capabilities: requiredCapabilities(template.template).map((c) => c.capability), clientToken: newRequestToken('cs'),
          ...(updateSource ? { template: updateSource, tags: tagsForTemplateUpdate(stack.tags, version) } : {}),
        },
        abort.signal,
      );
    },
  );
  if (!plan.hasChanges) {
    void vscode.window.showInformationMessage(`Nothing to change in ${stack.stackName}: the template and values are the ones it already has.`);
    return;
  }
  const execute = { label: '$(check) Execute change set', description: `${plan.changes.length} change(s)` };
  const picked = await vscode.window.showQuickPick([execute, { label: '', kind: vscode.QuickPickItemKind.Separator }, ...plan.changes.map(changeItem)], {
    title: `Update ${stack.stackName}: review the changes`,
    placeHolder: plan.changes.some((c) => c.replacement === 'True') ? 'Some resources will be REPLACED (new ids, data on them lost). Execute?' : 'Execute these changes?',
    ignoreFocusOut: true,
  });
  if (picked !== execute) return;
  const afterEventId = await newestEventId(clients, stack.region, stack.stackId);
  await executeUpdate(clients, stack.region, stack.stackName, plan, newRequestToken('update'));
  const expected = await expectedFromStack(clients, stack.region, stack.stackId).catch(() => []);
  ProgressPanel.show(services, deploymentsFor(services), {
    region: stack.region, stackId: stack.stackId, stackName: stack.stackName, operation: 'update', ...(stack.kind !== 'other' ? { kind: stack.kind } : {}),
  }, { expected: expected.filter((e) => plan.changes.some((c) => c.logicalId === e.logicalId)), ...(afterEventId ? { afterEventId } : {}), notify: true });
}
