import type { AwsResourceKind } from '../../cfn/parameterTypes';
import type { ParameterProvider } from '../parameterProviders';

/** `AWS::EC2::KeyPair::KeyName`, `AWS::EC2::VPC::Id` and the other AWS-specific types: the account's values. */
export function accountResourceProvider(resource: AwsResourceKind): ParameterProvider {
  return { choices: (_p, c) => c.env.accountChoices(c.region, resource, c.signal) };
}
