/** What kind of input a CloudFormation parameter type asks for. */
export type ParameterInputKind = 'string' | 'number' | 'number-list' | 'comma-list' | 'aws-resource' | 'aws-resource-list' | 'ssm-parameter';

/** AWS-specific parameter types whose values can be offered from the account. */
export type AwsResourceKind =
  | 'key-pair' | 'vpc' | 'subnet' | 'security-group' | 'security-group-name' | 'image' | 'instance'
  | 'availability-zone' | 'volume' | 'hosted-zone' | 'other';

const AWS_RESOURCE_KINDS: Readonly<Record<string, AwsResourceKind>> = {
  'AWS::EC2::KeyPair::KeyName': 'key-pair',
  'AWS::EC2::VPC::Id': 'vpc',
  'AWS::EC2::Subnet::Id': 'subnet',
  'AWS::EC2::SecurityGroup::Id': 'security-group',
  'AWS::EC2::SecurityGroup::GroupName': 'security-group-name',
  'AWS::EC2::Image::Id': 'image',
  'AWS::EC2::Instance::Id': 'instance',
  'AWS::EC2::AvailabilityZone::Name': 'availability-zone',
  'AWS::EC2::Volume::Id': 'volume',
  'AWS::Route53::HostedZone::Id': 'hosted-zone',
};

export interface ParameterTypeInfo {
  readonly input: ParameterInputKind;
  /** For AWS-specific types (also inside `List<...>` and SSM value types). */
  readonly resource?: AwsResourceKind;
}

const LIST = /^List<(.+)>$/;
const SSM_VALUE = /^AWS::SSM::Parameter::Value<(.+)>$/;

/** Classifies a parameter `Type` (String, Number, List<Number>, CommaDelimitedList, AWS::..., SSM). */
export function parameterTypeInfo(type: string | undefined): ParameterTypeInfo {
  const t = (type ?? 'String').trim();
  const ssm = SSM_VALUE.exec(t);
  if (ssm || t === 'AWS::SSM::Parameter::Name') {
    const inner = ssm?.[1] ? parameterTypeInfo(ssm[1]) : undefined;
    return { input: 'ssm-parameter', ...(inner?.resource ? { resource: inner.resource } : {}) };
  }
  if (t === 'Number') return { input: 'number' };
  if (t === 'CommaDelimitedList') return { input: 'comma-list' };
  const list = LIST.exec(t);
  if (list?.[1]) {
    if (list[1] === 'Number') return { input: 'number-list' };
    return { input: 'aws-resource-list', resource: AWS_RESOURCE_KINDS[list[1]] ?? 'other' };
  }
  if (t.startsWith('AWS::')) return { input: 'aws-resource', resource: AWS_RESOURCE_KINDS[t] ?? 'other' };
  return { input: 'string' };
}
