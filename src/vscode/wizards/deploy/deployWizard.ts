import type { PreparedDeploy } from '../../../core/deploy/prepareDeploy';
import type { Prompter } from '../prompter';
import { runWizard, type WizardStep } from '../wizard';
import { newDeployContext, type DeployWizardContext, type DeployWizardEnvironment, type DeployWizardPreset } from './deployContext';
import { parameterSteps } from './parameterSteps';
import { reviewStep } from './reviewStep';
import { regionStep, sourceStep, stackNameStep } from './sourceSteps';

async function run(title: string, env: DeployWizardEnvironment, prompter: Prompter, preset: DeployWizardPreset): Promise<PreparedDeploy | undefined> {
  const steps = (c: DeployWizardContext): WizardStep<DeployWizardContext>[] => [sourceStep, regionStep, stackNameStep, ...parameterSteps(c), reviewStep];
  // The count is shown once the template is chosen: before that, its parameters would make it jump.
  const done = await runWizard(title, steps, newDeployContext(env, preset), prompter, (c) => c.template !== undefined);
  return done?.confirmed ? done.prepared?.result : undefined;
}

/**
 * Kind or template -> region -> stack name -> one step per parameter -> review. Resolves with the
 * prepared deployment (the use case's plan, checked, without blockers) only when the review was
 * confirmed; nothing is created by the wizard itself.
 */
export function runDeployWizard(env: DeployWizardEnvironment, prompter: Prompter, preset: DeployWizardPreset): Promise<PreparedDeploy | undefined> {
  return run('Deploy', env, prompter, preset);
}

/**
 * The same parameter steps over an existing stack's current values (NoEcho values may be kept), and
 * the same review, which ends in "Prepare change set".
 */
export function runUpdateWizard(env: DeployWizardEnvironment, prompter: Prompter, preset: DeployWizardPreset & Required<Pick<DeployWizardPreset, 'existing' | 'region' | 'stackName' | 'template'>>): Promise<PreparedDeploy | undefined> {
  return run(`Update ${preset.stackName}`, env, prompter, preset);
}
