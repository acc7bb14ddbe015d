/**
 * Evaluates the few intrinsic functions the shipped templates use in strings (Ref, Fn::GetAtt,
 * Fn::Join, Fn::Select, Fn::Split, Fn::Base64), with made-up values for references, so a test can
 * read what CloudFormation would hand to an instance or show as an output.
 */
export type References = Readonly<Record<string, string>>;

export function evaluate(value: unknown, refs: References): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const o = value as Record<string, unknown>;
  const [fn, arg] = Object.entries(o)[0] ?? [];
  switch (fn) {
    case 'Ref':
      return lookup(refs, arg as string);
    case 'Fn::GetAtt': {
      const [resource, attribute] = arg as [string, string];
      return lookup(refs, `${resource}.${attribute}`);
    }
    case 'Fn::Join': {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((p) => evaluate(p, refs)).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = arg as [string | number, unknown];
      const items = evaluateList(list, refs);
      const item = items[Number(index)];
      if (item === undefined) throw new Error(`Fn::Select index ${index} out of range (${items.length} items)`);
      return item;
    }
    case 'Fn::Base64':
      return evaluate(arg, refs);
    default:
      throw new Error(`cannot evaluate ${JSON.stringify(value).slice(0, 200)}`);
  }
}

function evaluateList(value: unknown, refs: References): string[] {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, refs));
  const split = (value as Record<string, unknown>)['Fn::Split'] as [string, unknown] | undefined;
  if (!split) throw new Error(`not a list: ${JSON.stringify(value).slice(0, 200)}`);
  return evaluate(split[1], refs).split(split[0]);
}

function lookup(refs: References, name: string): string {
  const found = refs[name];
  if (found === undefined) throw new Error(`no made-up value for ${name}`);
  return found;
}
