import type { Stack } from 'aws-cdk-lib';
import type { ParameterGroup } from './parameterInterface';

interface InterfaceMetadata {
  ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
  ParameterLabels: Record<string, { default: string }>;
}

/**
 * Adds a group after those setParameterInterface wrote, for constructs shared by several kinds
 * (idle stop, budget) that bring their own parameters: the wizard asks them in this order.
 */
export function appendParameterGroup(stack: Stack, group: ParameterGroup): void {
  const metadata = stack.templateOptions.metadata ?? {};
  const current = (metadata['AWS::CloudFormation::Interface'] as InterfaceMetadata | undefined) ?? { ParameterGroups: [], ParameterLabels: {} };
  stack.templateOptions.metadata = {
    ...metadata,
    'AWS::CloudFormation::Interface': {
      ParameterGroups: [...current.ParameterGroups, { Label: { default: group.label }, Parameters: group.parameters.map((p) => p.parameter.logicalId) }],
      ParameterLabels: { ...current.ParameterLabels, ...Object.fromEntries(group.parameters.map((p) => [p.parameter.logicalId, { default: p.label }])) },
    },
  };
}
