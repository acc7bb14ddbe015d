import { parameterGroups, type TemplateParameter } from '../../../core/cfn/parameterModel';
import { validateParameterValue } from '../../../core/cfn/validateParameter';
import { placementInputs, ZONE_PARAMETER } from '../../../core/deploy/zoneForInstanceType';
import { hostCidr } from '../../../core/net/publicIp';
import { BACK, type PickOption, type Prompter, type StepInfo } from '../prompter';
import type { StepResult, WizardStep } from '../wizard';
import type { DeployWizardContext } from './deployContext';

const KEEP = '\u0000keep-current';
const ENTER = '\u0000enter';

function titled(info: StepInfo, group: string | undefined, p: TemplateParameter): StepInfo {
  return { ...info, title: `${info.title}${group ? ` · ${group}` : ''} · ${p.label}` };
}

function promptText(p: TemplateParameter): string {
  return [p.description ?? p.label, p.constraintDescription ? `(${p.constraintDescription})` : ''].filter((x) => x !== '').join(' ');
}

async function askText(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter, value: string): Promise<StepResult> {
  const answer = await prompter.input(info, {
    prompt: promptText(p),
    value,
    ...(p.typeInfo.input === 'comma-list' || p.typeInfo.input.endsWith('-list') ? { placeholder: 'comma-separated values' } : {}),
    validate: (v) => validateParameterValue(p, v),
  });
  if (answer === undefined || answer === BACK) return answer;
  c.values[p.key] = answer;
  return 'next';
}

async function askPick(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter, options: readonly PickOption<string>[], current: string): Promise<StepResult> {
  const items = options.map((o) => ({ ...o, ...(o.value === current ? { picked: true, description: [o.description, p.defaultValue === o.value ? 'default' : 'current'].filter(Boolean).join(' · ') } : {}) }));
  const answer = await prompter.pick(info, { placeholder: promptText(p), items });
  if (answer === undefined || answer === BACK) return answer;
  if (answer === ENTER) return askText(c, prompter, info, p, current);
  c.values[p.key] = answer;
  return 'next';
}

/** NoEcho: a password box, entered twice; on update the current value can be kept (if the stack has one). */
async function askSecret(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter): Promise<StepResult> {
  if (c.existingStack && c.currentParameters.has(p.key)) {
    const keep = await prompter.pick(info, {
      placeholder: `${p.label}: keep the current value?`,
      items: [{ label: 'Keep the current value', value: KEEP, picked: true }, { label: 'Enter a new value', value: ENTER }],
    });
    if (keep === undefined || keep === BACK) return keep;
    if (keep === KEEP) {
      c.keepPrevious.add(p.key);
      delete c.values[p.key];
      return 'next';
    }
    c.keepPrevious.delete(p.key);
  }
  for (;;) {
    const first = await prompter.input(info, { prompt: promptText(p), password: true, validate: (v) => validateParameterValue(p, v) });
    if (first === undefined || first === BACK) return first;
    const second = await prompter.input({ ...info, title: `${info.title} (again)` }, {
      prompt: `Enter ${p.label} again to confirm`,
      password: true,
      validate: (v) => (v === first || v === '' ? undefined : 'The two entries differ.'),
    });
    if (second === undefined) return undefined;
    if (second === BACK) continue;
    if (second !== first) continue;
    c.values[p.key] = first;
    return 'next';
  }
}

/**
 * The zone parameter of a template that also has an instance type: the zones that offer the chosen
 * type, after "any of them" (empty: the pre-flight picks the first). Undefined when they cannot be
 * listed (no such parameters, or the call failed): the zone is then typed, and checked before the review.
 */
async function zoneOptions(c: DeployWizardContext, current: string): Promise<PickOption<string>[] | undefined> {
  const inputs = c.template ? placementInputs(c.template.template, c.values) : undefined;
  if (!inputs || !c.env.zonesOffering) return undefined;
  const zones: readonly string[] = await c.env.zonesOffering(c.region ?? '', inputs.instanceType).catch(() => []);
  if (zones.length === 0) return undefined;
  // An update keeps its zone unless told otherwise (moving replaces the instance), offered or not.
  const kept = current !== '' && !zones.includes(current) ? [{ label: current, value: current }] : [];
  return [
    ...kept,
    { label: `$(check) Any zone that offers ${inputs.instanceType}`, description: `Imaging Lab picks ${zones[0]}`, value: '' },
    ...zones.map((zone) => ({ label: zone, value: zone })),
    { label: '$(edit) Enter a value…', value: ENTER },
  ];
}

function parameterStep(group: string | undefined, p: TemplateParameter): WizardStep<DeployWizardContext> {
  return {
    id: `param:${p.key}`,
    shouldPrompt: () => true,
    async prompt(c, prompter, baseInfo) {
      const info = titled(baseInfo, group, p);
      if (p.noEcho) return askSecret(c, prompter, info, p);
      const current = c.values[p.key] ?? p.defaultValue;
      if (p.allowedValues && p.allowedValues.length > 0 && p.typeInfo.input !== 'comma-list') {
        return askPick(c, prompter, info, p, p.allowedValues.map((v) => ({ label: v, value: v })), current ?? '');
      }
      if (p.typeInfo.input === 'aws-resource' && p.typeInfo.resource && p.typeInfo.resource !== 'other') {
        const choices = await c.env.accountChoices(c.region ?? '', p.typeInfo.resource).catch(() => []);
        if (choices.length > 0) return askPick(c, prompter, info, p, [...choices, { label: '$(edit) Enter a value…', value: ENTER }], current ?? '');
      }
      if (p.key === ZONE_PARAMETER) {
        const zones = await zoneOptions(c, current ?? '');
        if (zones) return askPick(c, prompter, info, p, zones, current ?? '');
      }
      if (p.isCidr && current === undefined) {
        const ip = await c.env.publicIp().catch(() => undefined);
        return askText(c, prompter, info, p, ip ? hostCidr(ip) : '');
      }
      return askText(c, prompter, info, p, current ?? '');
    },
  };
}

/** One step per template parameter, in the order and groups of its Interface metadata. */
export function parameterSteps(c: DeployWizardContext): WizardStep<DeployWizardContext>[] {
  if (!c.template) return [];
  return parameterGroups(c.template.template).flatMap((g) => g.parameters.map((p) => parameterStep(g.label, p)));
}
