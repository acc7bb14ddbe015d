import type { Tag } from '@aws-sdk/client-cloudformation';
import { TAG_VERSION } from '../kinds/stackContract';
import type { CfnTemplate } from '../cfn/templateTypes';

/** JSON with object keys sorted, so formatting and key order do not count as a difference. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whether two parsed templates describe the same stack (JSON vs YAML, spacing and key order aside). */
export function sameTemplate(a: CfnTemplate, b: CfnTemplate): boolean {
  return canonical(a) === canonical(b);
}

/** The stack's current values for the parameters the new template still declares. */
export function carriedValues(current: Readonly<Record<string, string>>, next: CfnTemplate): Record<string, string> {
  const declared = new Set(Object.keys(next.Parameters ?? {}));
  return Object.fromEntries(Object.entries(current).filter(([key]) => declared.has(key)));
}

/**
 * Stack tags for an update to another template. CloudFormation replaces all stack tags when a change
 * set names any, so every current tag is sent again (`aws:` ones are AWS's own and cannot be), with
 * imaging-lab:version set to the Imaging Lab version whose template is applied.
 */
export function tagsForTemplateUpdate(current: Readonly<Record<string, string>>, version: string): Tag[] {
  const tags = new Map(Object.entries(current).filter(([key]) => key !== '' && !key.startsWith('aws:')));
  tags.set(TAG_VERSION, version);
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}
