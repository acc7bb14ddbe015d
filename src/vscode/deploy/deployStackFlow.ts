import * as vscode from 'vscode';
import { newRequestToken } from '../../core/deploy/createStack';
import type { DeployEnvironment } from '../../core/deploy/deployEnvironment';
import { CapabilitiesRequiredError } from '../../core/deploy/deployErrors';
import { executeDeploy } from '../../core/deploy/executeDeploy';
import type { PreparedDeploy } from '../../core/deploy/prepareDeploy';
import { expectedFromTemplate } from '../../core/deploy/progressReducer';
import { isKindId } from '../../core/kinds/kinds';
import type { Services } from '../services';
import { runDeployWizard } from '../wizards/deploy/deployWizard';
import { deployEnvironment, loadTemplateFile, wizardEnvironment } from '../wizards/deploy/wizardEnvironment';
import { QuickInputPrompter } from '../wizards/quickInputPrompter';
import { stagingConsent } from './stagingConsent';

/** User tags from the `imagingLab.deploy.tags` setting (an object of strings). */
export function userTags(): Record<string, string> {
  const raw = vscode.workspace.getConfiguration('imagingLab').get<Record<string, unknown>>('deploy.tags') ?? {};
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

export function extensionVersion(services: Services): string {
  return String((services.context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
}

/** Executes a reviewed deployment (the use case stages and creates) and opens its progress panel. */
export async function createReviewedStack(services: Services, deploy: DeployEnvironment, prepared: PreparedDeploy): Promise<void> {
  const { plan } = prepared;
  const clientToken = newRequestToken();
  const created = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Creating ${plan.stackName} in ${plan.region}…`, cancellable: false },
    async () => {
      try {
        return await executeDeploy(prepared, deploy, { clientToken, consent: stagingConsent });
      } catch (error) {
        if (error instanceof CapabilitiesRequiredError) services.output.warn(`${plan.stackName}: ${error.message}`);
        throw error;
      }
    },
  );
  services.output.info(`Created ${plan.stackName} (${plan.region}): ${created.stackId}${created.alreadyCreatedByThisRequest ? ' (accepted by an earlier attempt)' : ''}`);
  const target = { region: plan.region, stackId: created.stackId, stackName: plan.stackName, operation: 'create' as const, ...(plan.kind ? { kind: plan.kind } : {}) };
  (await services.deployments()).show(target, { expected: expectedFromTemplate(plan.loaded.template), notify: true });
  void services.stacksTree.refresh();
}

/**
 * "Imaging Lab: Deploy…": from the palette (pick a kind or a file), from the Explorer on a template
 * file, or with a kind id. The wizard asks, the deploy use case checks and plans; nothing is
 * created before the review is confirmed.
 */
export async function deployStackFlow(services: Services, node?: unknown): Promise<void> {
  let template;
  if (node instanceof vscode.Uri) {
    template = await loadTemplateFile(node);
    if (!template) return;
  }
  const kind = typeof node === 'string' && isKindId(node) ? node : undefined;
  const deploy = deployEnvironment(services);
  const prepared = await runDeployWizard(wizardEnvironment(services, deploy), new QuickInputPrompter(), {
    version: extensionVersion(services),
    userTags: userTags(),
    ...(kind ? { kind } : {}),
    ...(template ? { template } : {}),
  });
  if (prepared) await createReviewedStack(services, deploy, prepared);
}
