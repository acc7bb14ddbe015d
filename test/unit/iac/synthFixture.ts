import type { Stack } from 'aws-cdk-lib';
import { newPlainApp, templateOf } from '../../../templates/cdk/common/plainApp';
import { MdeStack } from '../../../templates/cdk/mde/mdeStack';

/** One synthesized MDE stack shared by the iac tests (synthesis is the slow part). */
let cached: { stack: Stack; template: Record<string, unknown> } | undefined;

export function mdeSynth(): { stack: Stack; template: Record<string, unknown> } {
  if (!cached) {
    const stack = new MdeStack(newPlainApp(), 'ImagingLabMde');
    cached = { stack, template: templateOf(stack) };
  }
  return cached;
}
