import { parameterTypeInfo, type ParameterTypeInfo } from './parameterTypes';
import type { CfnParameterDeclaration, CfnTemplate } from './templateTypes';

/** One template parameter as the wizard and the CLI use it; every value is a string, like the API's. */
export interface TemplateParameter {
  readonly key: string;
  readonly type: string;
  readonly typeInfo: ParameterTypeInfo;
  /** The Interface metadata's label, else the key. */
  readonly label: string;
  readonly description?: string;
  /** Undefined means the parameter is required. */
  readonly defaultValue?: string;
  readonly allowedValues?: readonly string[];
  readonly allowedPattern?: string;
  readonly constraintDescription?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly noEcho: boolean;
}

export interface ParameterGroup {
  /** Undefined for the trailing group of parameters no Interface group mentions. */
  readonly label?: string;
  readonly parameters: readonly TemplateParameter[];
}

function scalarText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v)).join(',');
  return String(value);
}

function numberOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function toParameter(key: string, d: CfnParameterDeclaration, label: string | undefined): TemplateParameter {
  const type = d.Type ?? 'String';
  const optional = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));
  return {
    key,
    type,
    typeInfo: parameterTypeInfo(type),
    label: label ?? key,
    ...optional('description', typeof d.Description === 'string' ? d.Description : undefined),
    ...optional('defaultValue', scalarText(d.Default)),
    ...optional('allowedValues', Array.isArray(d.AllowedValues) ? d.AllowedValues.map((v) => String(v)) : undefined),
    ...optional('allowedPattern', typeof d.AllowedPattern === 'string' ? d.AllowedPattern : undefined),
    ...optional('constraintDescription', typeof d.ConstraintDescription === 'string' ? d.ConstraintDescription : undefined),
    ...optional('minLength', numberOf(d.MinLength)),
    ...optional('maxLength', numberOf(d.MaxLength)),
    ...optional('minValue', numberOf(d.MinValue)),
    ...optional('maxValue', numberOf(d.MaxValue)),
    noEcho: d.NoEcho === true || String(d.NoEcho).toLowerCase() === 'true',
  };
}

interface InterfaceMetadata {
  groups: { label?: string; keys: string[] }[];
  labels: Record<string, string>;
}

function readInterface(template: CfnTemplate): InterfaceMetadata {
  const meta = template.Metadata?.['AWS::CloudFormation::Interface'] as Record<string, unknown> | undefined;
  const rawGroups = Array.isArray(meta?.ParameterGroups) ? (meta.ParameterGroups as unknown[]) : [];
  const groups = rawGroups.map((g) => {
    const group = (g ?? {}) as { Label?: { default?: unknown }; Parameters?: unknown };
    const label = typeof group.Label?.default === 'string' ? group.Label.default : undefined;
    const keys = Array.isArray(group.Parameters) ? group.Parameters.filter((k): k is string => typeof k === 'string') : [];
    return { ...(label ? { label } : {}), keys };
  });
  const labels: Record<string, string> = {};
  const rawLabels = meta?.ParameterLabels;
  if (rawLabels && typeof rawLabels === 'object') {
    for (const [key, value] of Object.entries(rawLabels as Record<string, { default?: unknown }>)) {
      if (typeof value?.default === 'string') labels[key] = value.default;
    }
  }
  return { groups, labels };
}

/**
 * Parameters in the order the template's `AWS::CloudFormation::Interface` gives (groups, labels);
 * parameters no group mentions follow in declaration order, as the console shows them.
 */
export function parameterGroups(template: CfnTemplate): ParameterGroup[] {
  const declared = template.Parameters ?? {};
  const { groups, labels } = readInterface(template);
  const placed = new Set<string>();
  const result: ParameterGroup[] = [];
  for (const g of groups) {
    const parameters: TemplateParameter[] = [];
    for (const k of g.keys) {
      if (!Object.hasOwn(declared, k) || placed.has(k)) continue;
      placed.add(k);
      parameters.push(toParameter(k, declared[k] ?? {}, labels[k]));
    }
    if (parameters.length > 0) result.push({ ...(g.label ? { label: g.label } : {}), parameters });
  }
  const rest = Object.keys(declared)
    .filter((k) => !placed.has(k))
    .map((k) => toParameter(k, declared[k] ?? {}, labels[k]));
  if (rest.length > 0) result.push({ ...(result.length > 0 ? { label: 'Other parameters' } : {}), parameters: rest });
  return result;
}

export function parameterList(template: CfnTemplate): TemplateParameter[] {
  return parameterGroups(template).flatMap((g) => g.parameters);
}
