import { preparedByKind } from '../../../core/cfn/parameterHints';
import { parameterGroups, type TemplateParameter } from '../../../core/cfn/parameterModel';
import { validateParameterValue } from '../../../core/cfn/validateParameter';
import { providerFor, type ProviderContext } from '../../../core/deploy/parameterProviders';
import { allowedValueOption, completeHostCidr } from '../../../core/deploy/valueOptions';
import { BACK, type PickOption, type Prompter, type StepInfo } from '../prompter';
import type { StepResult, WizardStep } from '../wizard';
import { withOptionCosts } from './choiceCosts';
import type { DeployWizardContext } from './deployContext';

const KEEP = '\u0000keep-current';
const ENTER = '\u0000enter';

function titled(info: StepInfo, group: string | undefined, p: TemplateParameter): StepInfo {
  return { ...info, title: `${info.title}${group ? ` · ${group}` : ''} · ${p.label}` };
}

function promptText(p: TemplateParameter): string {
  return [p.description ?? p.label, p.constraintDescription ? `(${p.constraintDescription})` : ''].filter((x) => x !== '').join(' ');
}

/** `note` goes before the help (e.g. why a value the wizard meant to fill in is missing). */
async function askText(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter, value: string, note?: string): Promise<StepResult> {
  const answer = await prompter.input(info, {
    prompt: note ? `${note} ${promptText(p)}` : promptText(p),
    value,
    ...(p.typeInfo.input === 'comma-list' || p.typeInfo.input.endsWith('-list') ? { placeholder: 'comma-separated values' } : {}),
    // A bare address where a host CIDR is expected is taken as its /32.
    validate: (v) => validateParameterValue(p, completeHostCidr(p, v)),
  });
  if (answer === undefined || answer === BACK) return answer;
  c.values[p.key] = completeHostCidr(p, answer);
  return 'next';
}

async function askPick(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter, options: readonly PickOption<string>[], current: string): Promise<StepResult> {
  const items = options.map((o) => ({ ...o, ...(o.value === current ? { picked: true, description: [o.description, p.defaultValue === o.value ? 'default' : 'current'].filter(Boolean).join(' · ') } : {}) }));
  // The help goes in the highlighted item's detail line: a long placeholder is cut off at the box's width.
  const help = promptText(p);
  const highlighted = Math.max(0, items.findIndex((i) => i.picked));
  const withHelp = items.map((i, n) => (n === highlighted && help !== p.label ? { ...i, detail: i.detail ? `${i.detail} · ${help}` : help } : i));
  const answer = await prompter.pick(info, { placeholder: `Choose ${p.label}`, items: withHelp });
  if (answer === undefined || answer === BACK) return answer;
  if (answer === ENTER) return askText(c, prompter, info, p, current);
  c.values[p.key] = answer;
  return 'next';
}

/** NoEcho: a password box, entered twice; on update the current value can be kept (if the stack has one). */
async function askSecret(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter): Promise<StepResult> {
  if (c.existing && c.currentParameters.has(p.key)) {
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

/** What the parameter providers see of the wizard so far. */
function providerContext(c: DeployWizardContext): ProviderContext {
  return {
    env: c.env.deploy, operation: c.existing ? 'update' : 'create', region: c.region ?? '', stackName: c.stackName ?? '',
    template: c.template?.template ?? { Resources: {} }, values: c.values, ...(c.existing ? { previous: c.existing.values } : {}),
  };
}

/**
 * The choices and starting value its provider gives a parameter (by CloudFormation type or template
 * hint): account resources and offering zones as picks ("Enter a value…" last), the caller's /32
 * typed in. A look-up that fails leaves the value to be typed (the review still checks it). Null:
 * the parameter has no provider (it is typed, or picked from its AllowedValues).
 */
async function askFromProvider(c: DeployWizardContext, prompter: Prompter, info: StepInfo, p: TemplateParameter, current: string | undefined): Promise<StepResult | null> {
  const provider = c.template ? providerFor(p, c.template.template) : undefined;
  const choices = provider?.choices ? await provider.choices(p, providerContext(c)).catch(() => []) : [];
  if (choices.length > 0) {
    const options = choices.map((o) => ({ ...o, label: o.icon ? `$(${o.icon}) ${o.label}` : o.label }));
    return askPick(c, prompter, info, p, [...options, { label: '$(edit) Enter a value…', value: ENTER }], current ?? '');
  }
  if (provider?.fill && current === undefined) {
    let failure: string | undefined;
    const filled = await provider.fill(p, providerContext(c)).catch((error: unknown) => {
      failure = (error as Error)?.message ?? String(error);
      return undefined;
    });
    // Say why the box is empty instead of leaving a promise unkept.
    return askText(c, prompter, info, p, filled ?? '', failure ? `Imaging Lab could not fill this in (${failure}). Type it; an IPv4 address alone becomes its /32.` : undefined);
  }
  return null;
}

function parameterStep(group: string | undefined, p: TemplateParameter): WizardStep<DeployWizardContext> {
  return {
    id: `param:${p.key}`,
    // A kind's pre-deploy step fills these (a staged bundle's key, a generated CA); the review shows them.
    // The same template deployed as a plain file has no such step: then they are asked.
    shouldPrompt: (c) => !c.kind || !c.template || !preparedByKind(c.template.template, p.key),
    async prompt(c, prompter, baseInfo) {
      const info = titled(baseInfo, group, p);
      if (p.noEcho) return askSecret(c, prompter, info, p);
      const current = c.values[p.key] ?? p.defaultValue;
      if (p.allowedValues && p.allowedValues.length > 0 && p.typeInfo.input !== 'comma-list') {
        return askPick(c, prompter, info, p, withOptionCosts(c, p, p.allowedValues.map((v) => ({ ...allowedValueOption(p, v), value: v }))), current ?? '');
      }
      const asked = await askFromProvider(c, prompter, info, p, current);
      return asked !== null ? asked : askText(c, prompter, info, p, current ?? '');
    },
  };
}

/** One step per template parameter, in the order and groups of its Interface metadata. */
export function parameterSteps(c: DeployWizardContext): WizardStep<DeployWizardContext>[] {
  if (!c.template) return [];
  return parameterGroups(c.template.template).flatMap((g) => g.parameters.map((p) => parameterStep(g.label, p)));
}
