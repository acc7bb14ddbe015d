/** A value decoded from an awsQuery / ec2Query form body: strings, nested objects and lists. */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
export type QueryObject = { [key: string]: QueryValue };

function isIndex(segment: string): boolean {
  return /^\d+$/.test(segment);
}

/**
 * Turns `Tags.member.1.Key=a&Filter.1.Value.1=b` into `{ Tags: [{ Key: 'a' }], Filter: [{ Value: ['b'] }] }`.
 * `member`/`entry` wrappers of awsQuery are dropped; 1-based indexes become array positions.
 */
export function parseQueryParams(body: string): QueryObject {
  const root: QueryObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const path = rawKey.split('.').filter((s) => s !== 'member' && s !== 'entry');
    let node: QueryObject | QueryValue[] = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const key: string | number = isIndex(segment) ? Number(segment) - 1 : segment;
      const container = node as Record<string | number, QueryValue>;
      if (last) {
        container[key] = value;
        return;
      }
      const nextIsIndex = isIndex(path[i + 1] ?? '');
      container[key] ??= nextIsIndex ? [] : {};
      node = container[key] as QueryObject | QueryValue[];
    });
  }
  return root;
}

export function str(value: QueryValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function list(value: QueryValue | undefined): QueryValue[] {
  return Array.isArray(value) ? value.filter((v) => v !== undefined) : [];
}
