import assert from 'node:assert/strict';
import { parameterGroups, parameterList } from '../../../src/core/cfn/parameterModel';
import { parameterTypeInfo } from '../../../src/core/cfn/parameterTypes';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';

const TEMPLATE = `
Metadata:
  AWS::CloudFormation::Interface:
    ParameterGroups:
      - Label: { default: Network }
        Parameters: [VpcId, AccessCidr, Missing]
      - Label: { default: Server }
        Parameters: [InstanceType, KeyName, AccessCidr]
    ParameterLabels:
      VpcId: { default: Which VPC? }
      AdminPassword: { default: Admin password }
Parameters:
  Extra:
    Type: Number
    Default: 8042
    MinValue: 1024
  AdminPassword:
    Type: String
    NoEcho: true
    MinLength: 12
  InstanceType:
    Type: String
    Default: g4dn.xlarge
    AllowedValues: [g4dn.xlarge, g4dn.2xlarge]
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
  VpcId:
    Type: AWS::EC2::VPC::Id
    Description: VPC for the server
  AccessCidr:
    Type: String
    AllowedPattern: '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})'
    ConstraintDescription: must be a CIDR like 1.2.3.4/32
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
Resources:
  B: { Type: AWS::S3::Bucket }
`;

describe('parameter model', () => {
  const { template } = parseTemplate(TEMPLATE, 't.yaml');

  it('orders parameters by Interface groups, then the ungrouped in declaration order', () => {
    const groups = parameterGroups(template);
    assert.deepEqual(
      groups.map((g) => [g.label, g.parameters.map((p) => p.key)]),
      [
        ['Network', ['VpcId', 'AccessCidr']],
        ['Server', ['InstanceType', 'KeyName']],
        ['Other parameters', ['Extra', 'AdminPassword', 'Subnets', 'Ami']],
      ],
    );
  });

  it('carries labels, defaults as strings, constraints and NoEcho', () => {
    const byKey = new Map(parameterList(template).map((p) => [p.key, p]));
    assert.equal(byKey.get('VpcId')?.label, 'Which VPC?');
    assert.equal(byKey.get('VpcId')?.description, 'VPC for the server');
    assert.equal(byKey.get('Extra')?.defaultValue, '8042');
    assert.equal(byKey.get('Extra')?.minValue, 1024);
    assert.equal(byKey.get('AdminPassword')?.noEcho, true);
    assert.equal(byKey.get('AdminPassword')?.defaultValue, undefined);
    assert.deepEqual(byKey.get('InstanceType')?.allowedValues, ['g4dn.xlarge', 'g4dn.2xlarge']);
    assert.deepEqual(byKey.get('KeyName')?.typeInfo, { input: 'aws-resource', resource: 'key-pair' });
    assert.deepEqual(byKey.get('Subnets')?.typeInfo, { input: 'aws-resource-list', resource: 'subnet' });
    assert.deepEqual(byKey.get('Ami')?.typeInfo, { input: 'ssm-parameter', resource: 'image' });
  });

  it('reads NoEcho as CloudFormation does (true, or the text true in any case), and nothing else', () => {
    const noEcho = (value: unknown) =>
      parameterList(parseTemplate(JSON.stringify({ Parameters: { P: { Type: 'String', ...(value === undefined ? {} : { NoEcho: value }) } }, Resources: { R: { Type: 'AWS::SNS::Topic' } } }), 't.json').template)[0]?.noEcho;
    assert.equal(noEcho(true), true);
    assert.equal(noEcho('TRUE'), true);
    assert.equal(noEcho('True'), true);
    assert.equal(noEcho(false), false);
    assert.equal(noEcho('false'), false);
    assert.equal(noEcho('yes'), false);
    assert.equal(noEcho(undefined), false);
  });

  it('keeps only well-typed declaration fields: text where text is due, finite numbers for limits, no empty limits', () => {
    const [p] = parameterList(
      parseTemplate(
        JSON.stringify({
          Parameters: { P: { Description: 5, AllowedPattern: ['x'], ConstraintDescription: {}, MinLength: '', MaxLength: null, MinValue: '3', MaxValue: 'Infinity', Default: 0, AllowedValues: [1, 'b'] } },
          Resources: { R: { Type: 'AWS::SNS::Topic' } },
        }),
        't.json',
      ).template,
    );
    assert.deepEqual(p, {
      key: 'P',
      type: 'String',
      typeInfo: { input: 'string' },
      label: 'P',
      defaultValue: '0',
      allowedValues: ['1', 'b'],
      minValue: 3,
      noEcho: false,
    });
  });

  it('labels a trailing group "Other parameters" only when groups come before it, and makes no empty groups', () => {
    const plain = parseTemplate(JSON.stringify({ Parameters: { A: {}, B: {} }, Resources: { R: { Type: 'AWS::SNS::Topic' } } }), 't.json').template;
    assert.deepEqual(parameterGroups(plain).map((g) => [g.label, g.parameters.map((q) => q.key)]), [[undefined, ['A', 'B']]]);
    assert.equal(Object.hasOwn(parameterGroups(plain)[0] ?? {}, 'label'), false);
    const allGrouped = parseTemplate(
      JSON.stringify({
        Metadata: { 'AWS::CloudFormation::Interface': { ParameterGroups: [{ Label: { default: 'G' }, Parameters: ['A', 'B'] }, { Parameters: ['B'] }, { Parameters: ['A'] }], ParameterLabels: { A: { default: 'First' }, Z: { default: 'none' } } } },
        Parameters: { A: {}, B: {} },
        Resources: { R: { Type: 'AWS::SNS::Topic' } },
      }),
      't.json',
    ).template;
    assert.deepEqual(parameterGroups(allGrouped).map((g) => [g.label, g.parameters.map((q) => q.label)]), [['G', ['First', 'B']]]);
    const unlabelled = parseTemplate(
      JSON.stringify({ Metadata: { 'AWS::CloudFormation::Interface': { ParameterGroups: [{ Parameters: ['B'] }], ParameterLabels: 'A' } }, Parameters: { A: {}, B: {} }, Resources: { R: { Type: 'AWS::SNS::Topic' } } }),
      't.json',
    ).template;
    const groups = parameterGroups(unlabelled);
    assert.deepEqual(groups.map((g) => [g.label, g.parameters.map((q) => q.key)]), [[undefined, ['B']], ['Other parameters', ['A']]]);
    assert.equal(Object.hasOwn(groups[0] ?? {}, 'label'), false);
  });

  it('classifies every parameter type family', () => {
    assert.deepEqual(parameterTypeInfo(undefined), { input: 'string' });
    assert.deepEqual(parameterTypeInfo('Number'), { input: 'number' });
    assert.deepEqual(parameterTypeInfo('List<Number>'), { input: 'number-list' });
    assert.deepEqual(parameterTypeInfo('CommaDelimitedList'), { input: 'comma-list' });
    assert.deepEqual(parameterTypeInfo('AWS::EC2::VPC::Id'), { input: 'aws-resource', resource: 'vpc' });
    assert.deepEqual(parameterTypeInfo('AWS::Some::New::Type'), { input: 'aws-resource', resource: 'other' });
    assert.deepEqual(parameterTypeInfo('AWS::SSM::Parameter::Value<String>'), { input: 'ssm-parameter' });
  });

  it('trims the type, and tells SSM parameter names, nested SSM types and unknown AWS list types apart', () => {
    assert.deepEqual(parameterTypeInfo(' Number '), { input: 'number' });
    assert.deepEqual(parameterTypeInfo('AWS::SSM::Parameter::Name'), { input: 'ssm-parameter' });
    assert.deepEqual(parameterTypeInfo('AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>'), { input: 'ssm-parameter', resource: 'subnet' });
    assert.deepEqual(parameterTypeInfo('List<AWS::Some::New::Type>'), { input: 'aws-resource-list', resource: 'other' });
    assert.deepEqual(parameterTypeInfo('List<String>'), { input: 'aws-resource-list', resource: 'other' });
  });

  it('survives a hostile Interface section (wrong shapes, unknown keys, duplicates)', () => {
    const hostile = parseTemplate(
      JSON.stringify({
        Metadata: { 'AWS::CloudFormation::Interface': { ParameterGroups: [null, { Parameters: 'A' }, { Label: 5, Parameters: ['A', 'A', 7, '__proto__'] }], ParameterLabels: { A: 'x', B: { default: 3 } } } },
        Parameters: { A: { Type: 'String' }, B: { Type: 'String', Default: ['x', 'y'], MinLength: 'abc' } },
        Resources: { R: { Type: 'AWS::SNS::Topic' } },
      }),
      'hostile.json',
    );
    const groups = parameterGroups(hostile.template);
    assert.deepEqual(groups.map((g) => g.parameters.map((p) => [p.key, p.label])), [[['A', 'A']], [['B', 'B']]]);
    const b = groups[1]?.parameters[0];
    assert.equal(b?.defaultValue, 'x,y');
    assert.equal(b?.minLength, undefined);
  });
});
