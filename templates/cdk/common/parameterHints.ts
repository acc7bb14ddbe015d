import type { CfnParameter, Stack } from 'aws-cdk-lib';
import { PARAMETER_HINTS_KEY, type ParameterHint } from '../../../src/core/cfn/parameterHints';

/**
 * Writes `ImagingLab::ParameterHints`: how Imaging Lab fills or checks parameters whose
 * CloudFormation type cannot say it (a zone that must offer the chosen instance type).
 */
export function setParameterHints(stack: Stack, hints: readonly { readonly parameter: CfnParameter; readonly hint: ParameterHint }[]): void {
  stack.templateOptions.metadata = {
    ...stack.templateOptions.metadata,
    [PARAMETER_HINTS_KEY]: Object.fromEntries(hints.map((h) => [h.parameter.logicalId, h.hint])),
  };
}
