import type { CfnParameter, Stack } from 'aws-cdk-lib';

export interface ParameterGroup {
  readonly label: string;
  readonly parameters: readonly { readonly parameter: CfnParameter; readonly label: string }[];
}

/**
 * Writes `AWS::CloudFormation::Interface` (groups and labels), which orders the console's form
 * and from which the extension's deploy wizard is generated.
 */
export function setParameterInterface(stack: Stack, groups: readonly ParameterGroup[]): void {
  const parameterLabels: Record<string, { default: string }> = {};
  for (const group of groups) for (const p of group.parameters) parameterLabels[p.parameter.logicalId] = { default: p.label };
  stack.templateOptions.metadata = {
    ...stack.templateOptions.metadata,
    'AWS::CloudFormation::Interface': {
      ParameterGroups: groups.map((g) => ({
        Label: { default: g.label },
        Parameters: g.parameters.map((p) => p.parameter.logicalId),
      })),
      ParameterLabels: parameterLabels,
    },
  };
}
