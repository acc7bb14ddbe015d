import { isKindId, KINDS, type StackKind } from './kinds';
import type { StackFacts } from './kindTypes';
import { TAG_KIND } from './stackContract';

/** How a stack's kind was decided: our tag, a seed template's fingerprint, or not at all. */
export type KindEvidence = 'tag' | 'signature' | 'none';

/**
 * Our tag first; else the seeds' fingerprints (each kind's `recognise`), so users who deployed a
 * seed before Imaging Lab existed still see it under the right kind. Only data DescribeStacks
 * already returns is used: no extra API call per stack.
 */
export function recogniseKind(facts: StackFacts): { kind: StackKind; evidence: KindEvidence } {
  const tagged = facts.tags[TAG_KIND];
  if (isKindId(tagged)) return { kind: tagged, evidence: 'tag' };
  const seed = KINDS.find((k) => k.recognise.matches(facts));
  return seed ? { kind: seed.id, evidence: 'signature' } : { kind: 'other', evidence: 'none' };
}
