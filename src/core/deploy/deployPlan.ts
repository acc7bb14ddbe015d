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

/** A parameter value as it may be shown: NoEcho values never appear. */
export function displayValue(p: TemplateParameter, value: string | undefined): string {
  if (value === undefined) return '(template default)';
  return p.noEcho ? '****' : value === '' ? '(empty)' : value;
}

/** The review as plain lines (CLI prints them; the wizard turns them into quick-pick items). */
export function reviewLines(plan: DeployPlan): string[] {
  const params = parameterList(plan.loaded.template);
  const lines = [
    `Stack:        ${plan.stackName} (${plan.region})`,
    `Template:     ${plan.loaded.source}`,
    `On failure:   ${plan.onFailure === 'ROLLBACK' ? 'roll back (delete what was created)' : plan.onFailure === 'DELETE' ? 'delete the stack' : 'keep resources for inspection'}`,
    `Termination protection: ${plan.terminationProtection ? 'on' : 'off'}`,
    `Tags:         ${plan.tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}`,
  ];
  if (params.length > 0) lines.push('Parameters:');
  for (const p of params) lines.push(`  ${p.key} = ${displayValue(p, plan.parameters[p.key] ?? p.defaultValue)}`);
  if (plan.capabilities.length > 0) {
    lines.push('Capabilities to acknowledge:');
    for (const c of plan.capabilities) lines.push(`  ${c.capability}: ${c.reasons.join('; ')}`);
  }
  return lines;
}
