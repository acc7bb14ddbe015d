import type { Stack } from 'aws-cdk-lib';
import { newPlainApp, templateOf } from '../../../templates/cdk/common/plainApp';
import { TEMPLATE_BUILDERS } from '../../../templates/cdk/kinds';
import type { KindId } from '../../../src/core/kinds/kinds';

export interface Synthesized {
  readonly stack: Stack;
  readonly template: Record<string, unknown>;
}

/** One synthesized stack per kind, shared by the iac tests (synthesis is the slow part). */
const cache = new Map<KindId, Synthesized>();

/** Kinds whose template is built from CDK sources here (the drift, nag and spec tests cover each). */
export function builtKinds(): KindId[] {
  return Object.keys(TEMPLATE_BUILDERS) as KindId[];
}

export function synthOf(kind: KindId): Synthesized {
  let entry = cache.get(kind);
  if (!entry) {
    const build = TEMPLATE_BUILDERS[kind];
    if (!build) throw new Error(`no CDK source for kind '${kind}' in templates/cdk/kinds.ts`);
    const stack = build(newPlainApp());
    entry = { stack, template: templateOf(stack) };
    cache.set(kind, entry);
  }
  return entry;
}

export function mdeSynth(): Synthesized {
  return synthOf('mde');
}
