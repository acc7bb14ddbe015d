import type { TemplateParameter } from './parameterModel';

/** CloudFormation matches AllowedPattern against the whole value (Java regex `matches`). */
export function fullMatch(pattern: string, value: string): boolean | 'invalid-pattern' {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`).test(value);
    } catch {
      return 'invalid-pattern';
    }
  }
}

function explain(p: TemplateParameter, specific: string): string {
  // The template author's ConstraintDescription says it in the template's own terms.
  return p.constraintDescription ? `${p.label}: ${p.constraintDescription}` : `${p.label}: ${specific}`;
}

function checkNumber(p: TemplateParameter, text: string): string | undefined {
  if (text.trim() === '' || !Number.isFinite(Number(text))) return `${p.label}: enter a number.`;
  const n = Number(text);
  if (p.minValue !== undefined && n < p.minValue) return explain(p, `must be at least ${p.minValue}.`);
  if (p.maxValue !== undefined && n > p.maxValue) return explain(p, `must be at most ${p.maxValue}.`);
  return undefined;
}

function checkString(p: TemplateParameter, value: string): string | undefined {
  const length = [...value].length;
  if (p.minLength !== undefined && length < p.minLength) return explain(p, `must have at least ${p.minLength} characters.`);
  if (p.maxLength !== undefined && length > p.maxLength) return explain(p, `must have at most ${p.maxLength} characters.`);
  if (p.allowedPattern !== undefined) {
    const matched = fullMatch(p.allowedPattern, value);
    // CloudFormation uses Java regular expressions; one JavaScript cannot compile is left to CloudFormation to check.
    if (matched === false) return explain(p, `must match the pattern ${p.allowedPattern}.`);
  }
  return undefined;
}

/**
 * What is wrong with a value for a parameter, or undefined when CloudFormation will accept it.
 * Pure: used inline by the wizard and up front by the CLI.
 */
export function validateParameterValue(p: TemplateParameter, value: string): string | undefined {
  if (p.allowedValues && p.allowedValues.length > 0 && p.typeInfo.input !== 'comma-list' && !p.allowedValues.includes(value)) {
    return explain(p, `must be one of ${p.allowedValues.join(', ')}.`);
  }
  switch (p.typeInfo.input) {
    case 'number':
      return checkNumber(p, value);
    case 'number-list': {
      for (const item of value.split(',')) {
        const problem = checkNumber(p, item.trim());
        if (problem) return problem;
      }
      return undefined;
    }
    case 'comma-list': {
      if (p.allowedValues && p.allowedValues.length > 0) {
        const bad = value.split(',').map((v) => v.trim()).find((v) => !p.allowedValues?.includes(v));
        if (bad !== undefined) return explain(p, `'${bad}' is not one of ${p.allowedValues.join(', ')}.`);
      }
      return checkString(p, value);
    }
    case 'aws-resource':
    case 'aws-resource-list':
    case 'ssm-parameter':
      if (value.trim() === '') return `${p.label}: choose a value (${p.type}).`;
      return checkString(p, value);
    default:
      return checkString(p, value);
  }
}

export interface ParameterValuesCheck {
  /** Required parameters (no Default) without a value. */
  readonly missing: readonly string[];
  /** Values given for keys the template does not declare. */
  readonly unknown: readonly string[];
  readonly problems: readonly { readonly key: string; readonly message: string }[];
}

/** Checks a whole set of values (given values plus defaults) before anything is created. */
export function checkParameterValues(parameters: readonly TemplateParameter[], values: Readonly<Record<string, string>>): ParameterValuesCheck {
  const declared = new Set(parameters.map((p) => p.key));
  const missing: string[] = [];
  const problems: { key: string; message: string }[] = [];
  for (const p of parameters) {
    const value = Object.hasOwn(values, p.key) ? values[p.key] : p.defaultValue;
    if (value === undefined) {
      missing.push(p.key);
      continue;
    }
    const message = validateParameterValue(p, value);
    if (message) problems.push({ key: p.key, message });
  }
  return { missing, unknown: Object.keys(values).filter((k) => !declared.has(k)), problems };
}

export function isValid(check: ParameterValuesCheck): boolean {
  return check.missing.length === 0 && check.unknown.length === 0 && check.problems.length === 0;
}
