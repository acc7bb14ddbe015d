import type { KindId } from '../../../core/kinds/kinds';
import type { LoadedTemplate } from '../../../core/cfn/templateTypes';
import type { DeployPlan } from '../../../core/deploy/deployPlan';
import type { Prompter } from '../prompter';
import { runWizard, type WizardStep } from '../wizard';
import { newDeployContext, type DeployWizardContext, type DeployWizardEnvironment } from './deployContext';
import { parameterSteps } from './parameterSteps';
import { planOf, reviewStep } from './reviewStep';
import { regionStep, sourceStep, stackNameStep } from './sourceSteps';

export interface DeployWizardOptions {
  readonly version: string;
  readonly userTags: Readonly<Record<string, string>>;
  readonly kind?: KindId;
  /** A template chosen before the wizard (Explorer "Deploy with Imaging Lab"). */
  readonly template?: LoadedTemplate;
}

/**
 * Kind or template -> region -> stack name -> one step per parameter -> review. Resolves with the
 * plan only when the review was confirmed; nothing is created by the wizard itself.
 */
export async function runDeployWizard(env: DeployWizardEnvironment, prompter: Prompter, o: DeployWizardOptions): Promise<DeployPlan | undefined> {
  const context = newDeployContext(env, { ...(o.kind ? { kind: o.kind } : {}), ...(o.template ? { template: o.template } : {}) });
  const review = reviewStep(o.version, o.userTags);
  const steps = (c: DeployWizardContext): WizardStep<DeployWizardContext>[] => [sourceStep, regionStep, stackNameStep, ...parameterSteps(c), review];
  const done = await runWizard('Deploy', steps, context, prompter);
  return done?.confirmed ? planOf(done, o.version, o.userTags) : undefined;
}

export interface UpdateChoices {
  readonly values: Record<string, string>;
  readonly keepPrevious: readonly string[];
}

/** The same parameter steps over an existing stack's current values; NoEcho values may be kept. */
export async function runUpdateWizard(
  env: DeployWizardEnvironment,
  prompter: Prompter,
  stack: { region: string; stackName: string; template: LoadedTemplate; values: Record<string, string>; currentParameters: readonly string[] },
): Promise<UpdateChoices | undefined> {
  const context = newDeployContext(env, { ...stack, existingStack: true });
  const confirm: WizardStep<DeployWizardContext> = {
    id: 'prepare',
    shouldPrompt: () => true,
    async prompt(c, p, info) {
      const go = await p.pick(info, {
        placeholder: 'Next: CloudFormation prepares a change set and shows what would change. Nothing changes yet.',
        items: [{ label: '$(diff) Prepare change set', value: true }],
      });
      if (go !== true) return go === false ? undefined : go;
      c.confirmed = true;
      return 'next';
    },
  };
  const done = await runWizard(`Update ${stack.stackName}`, (c) => [...parameterSteps(c), confirm], context, prompter);
  return done?.confirmed ? { values: done.values, keepPrevious: [...done.keepPrevious] } : undefined;
}
