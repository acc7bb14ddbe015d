import { RE2JS } from 're2js';
import type { TemplateParameter } from './parameterModel';

/**
 * A pattern compiled for RE2 (linear time in the value's length, whatever the pattern): the body
 * must match the whole value; each leading lookahead (the usual password-rule idiom, which RE2 does
 * not support) is checked separately as a match at the start of the value.
 */
interface LinearPattern {
  readonly lookaheads: readonly { readonly prefix: RE2JS; readonly negative: boolean }[];
  readonly body: RE2JS;
}

/** Index just past the group that opens at `start` (a '('), honouring escapes and character classes. */
function groupEnd(pattern: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

function compileLinear(pattern: string): LinearPattern | undefined {
  try {
    let rest = pattern;
    const anchored = rest.startsWith('^');
    if (anchored) rest = rest.slice(1);
    const lookaheads: { prefix: RE2JS; negative: boolean }[] = [];
    while (rest.startsWith('(?=') || rest.startsWith('(?!')) {
      const end = groupEnd(rest, 0);
      if (end < 0) return undefined;
      lookaheads.push({ prefix: RE2JS.compile(`^(?:${rest.slice(3, end - 1)})`), negative: rest[2] === '!' });
      rest = rest.slice(end);
    }
    return { lookaheads, body: RE2JS.compile(`${anchored ? '^' : ''}(?:${rest})`) };
  } catch {
    return undefined;
  }
}

const compiled = new Map<string, LinearPattern | undefined>();

/**
 * CloudFormation matches AllowedPattern against the whole value (Java's Matcher.matches). A
 * template is untrusted input, so the pattern runs on RE2 (re2js): `(a|aa)+` cannot take
 * exponential time. What RE2 cannot express (backreferences, possessive quantifiers, lookarounds
 * other than leading ones) is 'invalid-pattern' here and left to CloudFormation to check.
 */
export function fullMatch(pattern: string, value: string): boolean | 'invalid-pattern' {
  if (!compiled.has(pattern)) {
    if (compiled.size > 256) compiled.clear();
    compiled.set(pattern, compileLinear(pattern));
  }
  const linear = compiled.get(pattern);
  if (!linear) return 'invalid-pattern';
  return linear.lookaheads.every((l) => l.prefix.test(value) !== l.negative) && linear.body.matches(value);
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
    // A pattern RE2 cannot run (Java-only syntax) is left to CloudFormation to check.
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
