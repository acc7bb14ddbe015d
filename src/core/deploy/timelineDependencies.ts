import type { CfnTemplate } from '../cfn/templateTypes';

/** `${Name}` and `${Name.Attribute}` in an Fn::Sub string (`${!Literal}` is not a reference). */
const SUB_REFERENCE = /\$\{(?!!)([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g;

function collect(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'Ref' && typeof inner === 'string') into.add(inner);
    else if (key === 'Fn::GetAtt') {
      const target = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
      if (typeof target === 'string') into.add(target);
    } else if (key === 'Fn::Sub') {
      const text = Array.isArray(inner) ? inner[0] : inner;
      if (typeof text === 'string') for (const m of text.matchAll(SUB_REFERENCE)) if (m[1]) into.add(m[1]);
    }
    collect(inner, into);
  }
}

/**
 * What each resource waits for during a create: the resources of the same template it names in
 * DependsOn, Ref, Fn::GetAtt or Fn::Sub (parameters and pseudo parameters are not resources).
 */
export function templateDependencies(template: CfnTemplate): Map<string, string[]> {
  const resources = new Set(Object.keys(template.Resources));
  const result = new Map<string, string[]>();
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    const found = new Set<string>(typeof r.DependsOn === 'string' ? [r.DependsOn] : (r.DependsOn ?? []));
    collect(r.Properties, found);
    result.set(logicalId, [...found].filter((id) => id !== logicalId && resources.has(id)).sort());
  }
  return result;
}
