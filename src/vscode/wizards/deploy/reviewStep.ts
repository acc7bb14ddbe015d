import { parameterList } from '../../../core/cfn/parameterModel';
import { checkParameterValues } from '../../../core/cfn/validateParameter';
import { makePlan, reviewLines, type DeployPlan } from '../../../core/deploy/deployPlan';
import { BACK, type PickOption } from '../prompter';
import type { WizardStep } from '../wizard';
import type { DeployWizardContext } from './deployContext';
import { kindFacts } from './sourceSteps';
import { checkZone, valuesWithZone } from './zoneCheck';

type ReviewChoice = 'create' | 'onFailure' | 'protect' | 'info';

const ON_FAILURE_LABEL = { ROLLBACK: 'roll back (delete what was created)', DO_NOTHING: 'keep resources for inspection', DELETE: 'delete the stack' } as const;
const NEXT_ON_FAILURE = { ROLLBACK: 'DO_NOTHING', DO_NOTHING: 'DELETE', DELETE: 'ROLLBACK' } as const;

export function planOf(c: DeployWizardContext, version: string, userTags: Readonly<Record<string, string>>): DeployPlan {
  if (!c.template || !c.region || !c.stackName) throw new Error('The deploy wizard ended before a template, region and stack name were chosen.');
  return makePlan({
    region: c.region, stackName: c.stackName, loaded: c.template, parameters: valuesWithZone(c), version, userTags,
    terminationProtection: c.terminationProtection, onFailure: c.onFailure, ...(c.kind ? { kind: c.kind } : {}),
  });
}

/** The last step: everything that will be created, options to change, and only then "Create". */
export function reviewStep(version: string, userTags: Readonly<Record<string, string>>): WizardStep<DeployWizardContext> {
  return {
    id: 'review',
    shouldPrompt: () => true,
    async prompt(c, prompter, info) {
      const zone = await checkZone(c);
      const plan = planOf(c, version, userTags);
      const check = checkParameterValues(parameterList(plan.loaded.template).filter((p) => !c.keepPrevious.has(p.key)), c.values);
      const blockers = [...check.missing.map((k) => `${k} needs a value`), ...check.problems.map((p) => p.message), ...(zone && !zone.ok ? [zone.message] : [])];
      const items: PickOption<ReviewChoice>[] = [
        blockers.length > 0
          ? { label: '$(error) Cannot create yet', detail: blockers.join('; '), value: 'info' }
          : { label: `$(rocket) Create stack ${plan.stackName}`, detail: 'Nothing is created before you choose this.', value: 'create' },
        ...(zone?.ok ? [{ label: `$(${zone.checked ? 'pass' : 'warning'}) Availability Zone: ${zone.note}`, value: 'info' as const }] : []),
        { label: `$(debug-restart) On failure: ${ON_FAILURE_LABEL[c.onFailure]}`, description: 'change', value: 'onFailure' },
        { label: `$(shield) Termination protection: ${c.terminationProtection ? 'on' : 'off'}`, description: 'toggle', value: 'protect' },
        ...[kindFacts(c.kind), ...reviewLines(plan)].filter((l): l is string => l !== undefined).map((l) => ({ label: `$(info) ${l.trim()}`, value: 'info' as const })),
      ];
      const choice = await prompter.pick(info, { placeholder: 'Review, then create', items });
      if (choice === undefined || choice === BACK) return choice;
      if (choice === 'onFailure') c.onFailure = NEXT_ON_FAILURE[c.onFailure];
      else if (choice === 'protect') c.terminationProtection = !c.terminationProtection;
      else if (choice === 'create') {
        c.confirmed = true;
        return 'next';
      }
      return 'stay';
    },
  };
}
