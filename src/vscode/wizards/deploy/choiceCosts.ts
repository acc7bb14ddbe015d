import { parameterList, type TemplateParameter } from '../../../core/cfn/parameterModel';
import { optionCosts } from '../../../core/kinds/choiceCost';
import { kindRecord } from '../../../core/kinds/kinds';
import type { PickOption } from '../prompter';
import type { DeployWizardContext } from './deployContext';

/** The values chosen so far over the template's defaults: what would be deployed if the rest were left alone. */
export function chosenValues(c: Pick<DeployWizardContext, 'template' | 'values'>): Record<string, string> {
  const defaults = parameterList(c.template?.template ?? { Resources: {} }).flatMap((p) => (p.defaultValue !== undefined ? [[p.key, p.defaultValue] as const] : []));
  return { ...Object.fromEntries(defaults), ...c.values };
}

/** A switch's options with the kind's hourly total for each in their detail line (options that do not change the cost: unchanged). */
export function withOptionCosts<T extends PickOption<string>>(c: DeployWizardContext, p: TemplateParameter, options: readonly T[]): T[] {
  const costs = c.kind ? optionCosts(kindRecord(c.kind), chosenValues(c), p.key, options.map((o) => o.value)) : undefined;
  return options.map((o) => (costs?.has(o.value) ? { ...o, detail: costs.get(o.value) } : o));
}
