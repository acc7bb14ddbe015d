import type { CfnTemplate } from './templateTypes';

/**
 * Template Metadata key in which a template says how Imaging Lab should fill or check a parameter
 * whose CloudFormation type cannot say it: e.g.
 * `"ImagingLab::ParameterHints": { "AvailabilityZone": { "Provider": "ZoneOffering", "InstanceTypeParameter": "InstanceType" } }`.
 */
export const PARAMETER_HINTS_KEY = 'ImagingLab::ParameterHints';

export type ParameterHint =
  /** An Availability Zone that must offer the instance type chosen for another parameter ('' = the first that does). */
  | { readonly Provider: 'ZoneOffering'; readonly InstanceTypeParameter: string }
  /** An IPv4 CIDR that defaults to the caller's public address as a /32. */
  | { readonly Provider: 'CallerCidr' }
  /** Filled by the kind's pre-deploy hook (a staged file's key, a generated CA): never asked, required only after the hook ran. */
  | { readonly Provider: 'KindPrepare' };

const KEY = /^[A-Za-z0-9]{1,255}$/;

function hintOf(value: unknown, declared: ReadonlySet<string>): ParameterHint | undefined {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return undefined;
  if (v.Provider === 'CallerCidr') return { Provider: 'CallerCidr' };
  if (v.Provider === 'KindPrepare') return { Provider: 'KindPrepare' };
  const typeParameter = v.InstanceTypeParameter;
  if (v.Provider === 'ZoneOffering' && typeof typeParameter === 'string' && declared.has(typeParameter)) return { Provider: 'ZoneOffering', InstanceTypeParameter: typeParameter };
  return undefined;
}

/**
 * The hints of a template, by parameter key. Templates are untrusted input: a hint for an undeclared
 * parameter, naming an undeclared one, or of an unknown shape is ignored (the parameter is then
 * asked and checked by its type alone).
 */
export function parameterHints(template: CfnTemplate): ReadonlyMap<string, ParameterHint> {
  const declared = new Set(Object.keys(template.Parameters ?? {}));
  const raw = template.Metadata?.[PARAMETER_HINTS_KEY];
  const hints = new Map<string, ParameterHint>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return hints;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const hint = KEY.test(key) && declared.has(key) ? hintOf(value, declared) : undefined;
    if (hint) hints.set(key, hint);
  }
  return hints;
}

/** Whether the kind's pre-deploy hook fills this parameter (the wizard does not ask it). */
export function preparedByKind(template: CfnTemplate, key: string): boolean {
  return parameterHints(template).get(key)?.Provider === 'KindPrepare';
}
