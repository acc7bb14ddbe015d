import { friendlyAwsError, isAwsSdkError } from '../../../core/aws/errors';
import { parameterList } from '../../../core/cfn/parameterModel';
import { ON_FAILURE_TEXT, reviewFacts } from '../../../core/deploy/deployPlan';
import { prepareDeploy, type DeployNote, type DeployRequest, type PreparedDeploy } from '../../../core/deploy/prepareDeploy';
import { BACK, type PickOption } from '../prompter';
import type { WizardStep } from '../wizard';
import type { DeployWizardContext } from './deployContext';
import { chosenValues } from './choiceCosts';
import { kindCostLines } from './sourceSteps';

type ReviewChoice = 'create' | 'onFailure' | 'protect' | 'info';

const NEXT_ON_FAILURE = { ROLLBACK: 'DO_NOTHING', DO_NOTHING: 'DELETE', DELETE: 'ROLLBACK' } as const;

function requestOf(c: DeployWizardContext): DeployRequest {
  if (!c.template || !c.region || !c.stackName) throw new Error('The deploy wizard ended before a template, region and stack name were chosen.');
  return {
    operation: c.existing ? 'update' : 'create', region: c.region, stackName: c.stackName, loaded: c.template, values: { ...c.values },
    keepPrevious: [...c.keepPrevious], version: c.version, userTags: c.userTags, ...(c.kind ? { kind: c.kind } : {}), ...(c.existing ? { existing: c.existing } : {}),
  };
}

/**
 * The deploy use case's checks for the answers so far, done again only when an answer changed
 * (toggling an option on the review does not ask AWS again). A failed preparation is not kept.
 */
async function prepared(c: DeployWizardContext): Promise<PreparedDeploy> {
  const request = requestOf(c);
  const key = JSON.stringify([request.operation, request.region, request.stackName, request.kind, request.values, request.keepPrevious, request.loaded.source, request.loaded.body.length]);
  if (c.prepared?.key !== key || c.prepared.result.request.loaded !== c.template) c.prepared = { key, result: await prepareDeploy(request, c.env.deploy) };
  const result = c.prepared.result;
  return { ...result, plan: { ...result.plan, onFailure: c.onFailure, terminationProtection: c.terminationProtection } };
}

function noteItem(c: DeployWizardContext, note: DeployNote): PickOption<ReviewChoice> {
  const label = parameterList(c.template?.template ?? { Resources: {} }).find((p) => p.key === note.parameter)?.label ?? note.parameter;
  return { label: `$(${note.warning ? 'warning' : 'pass'}) ${label ? `${label}: ` : ''}${note.text}`, value: 'info' };
}

function whyNot(error: unknown, c: DeployWizardContext): string {
  const message = isAwsSdkError(error) ? friendlyAwsError(error, { region: c.region ?? '' }).message : (error as Error)?.message ?? String(error);
  return `${message} Choose this line to try again.`;
}

/**
 * The last step: what will be created (or changed), what the checks filled in or found, options,
 * and only then "Create" (an update: "Prepare change set", which still changes nothing).
 */
export const reviewStep: WizardStep<DeployWizardContext> = {
  id: 'review',
  shouldPrompt: () => true,
  async prompt(c, prompter, info) {
    const update = c.existing !== undefined;
    let ready: PreparedDeploy | undefined;
    let blockers: string[];
    try {
      ready = await prepared(c);
      blockers = ready.blockers.map((b) => b.text);
    } catch (error) {
      blockers = [whyNot(error, c)];
    }
    const go: PickOption<ReviewChoice> = update
      ? { label: '$(diff) Prepare change set', detail: 'CloudFormation prepares a change set and shows what would change. Nothing changes yet.', value: 'create' }
      : { label: `$(rocket) Create stack ${c.stackName ?? ''}`, detail: 'Nothing is created before you choose this.', value: 'create' };
    const items: PickOption<ReviewChoice>[] = [
      blockers.length > 0 ? { label: `$(error) Cannot ${update ? 'update' : 'create'} yet`, detail: blockers.join('; '), value: 'info' } : go,
      ...(ready?.notes ?? []).map((n) => noteItem(c, n)),
      ...(update
        ? []
        : [
            { label: `$(debug-restart) On failure: ${ON_FAILURE_TEXT[c.onFailure]}`, description: 'change', value: 'onFailure' as const },
            { label: `$(shield) Termination protection: ${c.terminationProtection ? 'on' : 'off'}`, description: 'toggle', value: 'protect' as const },
          ]),
      // Each fact once (the options above are not repeated), as "label: value" for a proportional font.
      ...(ready && !update ? reviewFacts(ready.plan).filter((f) => !f.option) : []).map((f) => ({ label: `$(info) ${f.label}: ${f.value}`, value: 'info' as const })),
      ...(update ? [] : kindCostLines(c.kind, chosenValues(c))).map((l) => ({ label: `$(info) ${l}`, value: 'info' as const })),
    ];
    const choice = await prompter.pick(info, { placeholder: update ? 'Review, then prepare the change set' : 'Review, then create', items });
    if (choice === undefined || choice === BACK) return choice;
    if (choice === 'onFailure') c.onFailure = NEXT_ON_FAILURE[c.onFailure];
    else if (choice === 'protect') c.terminationProtection = !c.terminationProtection;
    else if (choice === 'create' && ready) {
      c.prepared = { key: c.prepared?.key ?? '', result: ready };
      c.confirmed = true;
      return 'next';
    }
    return 'stay';
  },
};
