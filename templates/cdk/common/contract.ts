import { CfnOutput, Stack, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CONTRACT_VERSION, OUTPUT, TAG_KIND, TAG_ROLE, TAG_SSH_USER, TAG_VERSION } from '../../../src/core/kinds/stackContract';
import type { KindId } from '../../../src/core/kinds/kinds';

/**
 * A template cannot tag its own stack (stack tags are a CreateStack argument, which the deploy
 * wizard passes), so the contract tags also go on every taggable resource and into the template
 * Metadata, where an uploaded-by-hand stack can still be recognised.
 */
export function applyContract(stack: Stack, kind: KindId): void {
  Tags.of(stack).add(TAG_KIND, kind);
  Tags.of(stack).add(TAG_VERSION, CONTRACT_VERSION);
  stack.templateOptions.metadata = {
    ...stack.templateOptions.metadata,
    'ImagingLab::Contract': { [TAG_KIND]: kind, [TAG_VERSION]: CONTRACT_VERSION },
  };
}

export function tagInstanceRole(scope: Construct, role: string, sshUser: string): void {
  Tags.of(scope).add(TAG_ROLE, role);
  Tags.of(scope).add(TAG_SSH_USER, sshUser);
}

type OutputName = (typeof OUTPUT)[keyof typeof OUTPUT];

/** Outputs named by the contract keep their names as logical ids, so the extension can read them. */
export function contractOutput(stack: Stack, name: OutputName, value: string, description: string): CfnOutput {
  return new CfnOutput(stack, name, { value, description });
}
