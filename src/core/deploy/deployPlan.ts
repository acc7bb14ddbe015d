import type { Tag } from '@aws-sdk/client-cloudformation';
import { requiredCapabilities, type CapabilityNeed } from '../cfn/capabilities';
import { parameterList, type TemplateParameter } from '../cfn/parameterModel';
import type { LoadedTemplate } from '../cfn/templateTypes';
import type { KindId } from '../kinds/kinds';
import { deploymentTags, type OnFailure } from './createStack';

/** Everything decided before anything is created; what the review step shows. */
export interface DeployPlan {
  readonly region: string;
  readonly stackName: string;
  readonly kind?: KindId;
  readonly loaded: LoadedTemplate;
  readonly parameters: Readonly<Record<string, string>>;
  readonly capabilities: readonly CapabilityNeed[];
  readonly tags: readonly Tag[];
  readonly terminationProtection: boolean;
  readonly onFailure: OnFailure;
}

export function makePlan(init: {
  region: string;
  stackName: string;
  kind?: KindId;
  loaded: LoadedTemplate;
  parameters: Readonly<Record<string, string>>;
  version: string;
  userTags?: Readonly<Record<string, string>>;
  terminationProtection?: boolean;
  onFailure?: OnFailure;
}): DeployPlan {
  return {
    region: init.region,
    stackName: init.stackName,
    ...(init.kind ? { kind: init.kind } : {}),
    loaded: init.loaded,
    parameters: init.parameters,
    capabilities: requiredCapabilities(init.loaded.template),
    tags: deploymentTags(init.kind, init.version, init.userTags),
    terminationProtection: init.terminationProtection ?? false,
    onFailure: init.onFailure ?? 'ROLLBACK',
  };
}

/** A parameter value as it may be shown: a NoEcho value never appears, only whether it is set. */
export function displayValue(p: TemplateParameter, value: string | undefined): string {
  if (p.noEcho) return value === undefined || value === '' ? '(not set)' : '(set, hidden)';
  if (value === undefined) return '(template default)';
  return value === '' ? '(empty)' : value;
}

/** One fact of the review: a label and its value, each fact once. */
export interface ReviewFact {
  readonly label: string;
  readonly value: string;
  /** A parameter's key: the CLI names parameters by key (as --param takes them), the wizard by label. */
  readonly key?: string;
  /** Facts the wizard shows as options of their own (they can be changed there). */
  readonly option?: 'onFailure' | 'terminationProtection';
}

export const ON_FAILURE_TEXT: Readonly<Record<OnFailure, string>> = { ROLLBACK: 'roll back (delete what was created)', DO_NOTHING: 'keep resources for inspection', DELETE: 'delete the stack' };

/** What will be created: stack, template, options, tags, every parameter (secrets as "(set, hidden)"), and the capabilities acknowledged. */
export function reviewFacts(plan: DeployPlan): ReviewFact[] {
  const params = parameterList(plan.loaded.template);
  return [
    { label: 'Stack', value: `${plan.stackName} (${plan.region})` },
    { label: 'Template', value: plan.loaded.source },
    { label: 'On failure', value: ON_FAILURE_TEXT[plan.onFailure], option: 'onFailure' },
    { label: 'Termination protection', value: plan.terminationProtection ? 'on' : 'off', option: 'terminationProtection' },
    { label: 'Tags', value: plan.tags.map((t) => `${t.Key}=${t.Value}`).join(', ') },
    ...params.map((p) => ({ label: p.label, key: p.key, value: displayValue(p, plan.parameters[p.key] ?? p.defaultValue) })),
    {
      label: 'Capabilities acknowledged',
      value: plan.capabilities.length === 0 ? 'none needed' : plan.capabilities.map((c) => `${c.capability} (${c.reasons.join('; ')})`).join(', '),
    },
  ];
}

/** The review as aligned plain lines (the CLI prints them in a monospaced terminal). */
export function reviewLines(plan: DeployPlan): string[] {
  const facts = reviewFacts(plan);
  const name = (f: ReviewFact) => f.key ?? f.label;
  const width = Math.max(...facts.map((f) => name(f).length)) + 1;
  return facts.map((f) => `${`${name(f)}:`.padEnd(width)} ${f.value}`);
}
