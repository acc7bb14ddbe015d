import * as vscode from 'vscode';
import { isKindId } from '../../core/kinds/kinds';
import { newRequestToken } from '../../core/deploy/createStack';
import { CapabilitiesRequiredError } from '../../core/deploy/deployErrors';
import { executePlan, type DeployPlan } from '../../core/deploy/deployPlan';
import { expectedFromTemplate } from '../../core/deploy/progressReducer';
import { deploymentsFor } from './deploymentsFor';
import { stagingConsent } from './stagingConsent';
import type { Services } from '../services';
import { ProgressPanel } from '../webviews/progress/progressPanel';
import { runDeployWizard } from '../wizards/deploy/deployWizard';
import { loadTemplateFile, wizardEnvironment } from '../wizards/deploy/wizardEnvironment';
import { QuickInputPrompter } from '../wizards/quickInputPrompter';

/** User tags from the `imagingLab.deploy.tags` setting (an object of strings). */
export function userTags(): Record<string, string> {
  const raw = vscode.workspace.getConfiguration('imagingLab').get<Record<string, unknown>>('deploy.tags') ?? {};
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** Creates the stack of a confirmed plan and opens its progress panel. */
export async function createFromPlan(services: Services, plan: DeployPlan): Promise<void> {
  const token = newRequestToken();
  const created = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Creating ${plan.stackName} in ${plan.region}…`, cancellable: false },
    async () => {
      try {
        return await executePlan(services.session.session.clients, plan, token, stagingConsent);
      } catch (error) {
        if (error instanceof CapabilitiesRequiredError) services.output.warn(`${plan.stackName}: ${error.message}`);
        throw error;
      }
    },
  );
  services.output.info(`Created ${plan.stackName} (${plan.region}): ${created.stackId}${created.alreadyCreatedByThisRequest ? ' (accepted by an earlier attempt)' : ''}`);
  const target = { region: plan.region, stackId: created.stackId, stackName: plan.stackName, operation: 'create' as const, ...(plan.kind ? { kind: plan.kind } : {}) };
  const deployments = deploymentsFor(services);
  ProgressPanel.show(services, deployments, target, { expected: expectedFromTemplate(plan.loaded.template), notify: true });
  void services.stacksTree.refresh();
}

/**
 * "Imaging Lab: Deploy…": from the palette (pick a kind or a file), from the Explorer on a template
 * file, or with a kind id. Nothing is created before the review step is confirmed.
 */
export async function deployStackFlow(services: Services, node?: unknown): Promise<void> {
  let template;
  if (node instanceof vscode.Uri) {
    template = await loadTemplateFile(node);
    if (!template) return;
  }
  const kind = typeof node === 'string' && isKindId(node) ? node : undefined;
  const version = String((services.context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const plan = await runDeployWizard(wizardEnvironment(services), new QuickInputPrompter(), {
    version,
    userTags: userTags(),
    ...(kind ? { kind } : {}),
    ...(template ? { template } : {}),
  });
  if (!plan) return;
  await createFromPlan(services, plan);
}
