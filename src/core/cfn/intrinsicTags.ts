import { isMap, isSeq, type CollectionTag, type ScalarTag } from 'yaml';

/**
 * YAML short forms of intrinsic functions (`!Ref X` means `{ Ref: X }`, `!Sub s` means
 * `{ "Fn::Sub": s }`, ...). Each tag is declared for scalars, sequences and maps, because
 * templates use all three (e.g. `!Sub 'a'` and `!Sub ['a', {...}]`).
 */
const FUNCTIONS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'If', 'Equals', 'And', 'Or', 'Not', 'Length', 'ToJsonString', 'ForEach',
] as const;

type Plain = unknown;

function wrap(tagName: string, value: Plain): Plain {
  if (tagName === 'Ref') return { Ref: value };
  if (tagName === 'Condition') return { Condition: value };
  if (tagName === 'GetAtt' && typeof value === 'string') {
    // `!GetAtt Resource.Attr.With.Dots`: only the first dot separates the resource name.
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${tagName}`]: value };
}

function tagsFor(name: string): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`;
  return [
    { tag, resolve: (str: string) => wrap(name, str) },
    { tag, collection: 'seq', resolve: (node) => wrap(name, isSeq(node) ? node.toJSON() : node) },
    { tag, collection: 'map', resolve: (node) => wrap(name, isMap(node) ? node.toJSON() : node) },
  ];
}

export const INTRINSIC_TAGS: readonly (ScalarTag | CollectionTag)[] = [
  ...tagsFor('Ref'),
  ...tagsFor('Condition'),
  ...FUNCTIONS.flatMap((f) => tagsFor(f)),
];
