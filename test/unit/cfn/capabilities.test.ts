import assert from 'node:assert/strict';
import { requiredCapabilities } from '../../../src/core/cfn/capabilities';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { validateStackName } from '../../../src/core/cfn/stackName';

function caps(resources: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const { template } = parseTemplate(JSON.stringify({ ...extra, Resources: resources }), 't.json');
  return requiredCapabilities(template).map((n) => n.capability);
}

describe('capabilities', () => {
  it('needs nothing for plain resources', () => {
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket' } }), []);
  });
  it('needs CAPABILITY_IAM for unnamed IAM resources', () => {
    assert.deepEqual(caps({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } }), ['CAPABILITY_IAM']);
  });
  it('needs CAPABILITY_NAMED_IAM when an IAM resource has a custom name, and says which', () => {
    const { template } = parseTemplate(
      JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'x' } }, P: { Type: 'AWS::IAM::InstanceProfile' } } }),
      't.json',
    );
    const needs = requiredCapabilities(template);
    assert.deepEqual(needs.map((n) => n.capability), ['CAPABILITY_NAMED_IAM']);
    assert.match(needs[0]?.reasons.join('; ') ?? '', /R has a custom RoleName/);
  });
  it('needs CAPABILITY_AUTO_EXPAND for transforms and macros', () => {
    assert.deepEqual(caps({ F: { Type: 'AWS::Serverless::Function' } }, { Transform: 'AWS::Serverless-2016-10-31' }), ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']);
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: { 'Fn::Transform': { Name: 'M' } } } }), ['CAPABILITY_AUTO_EXPAND']);
    assert.deepEqual(caps({ N: { Type: 'AWS::CloudFormation::Stack' } }), ['CAPABILITY_AUTO_EXPAND']);
  });
  it('gives the review step a reason per resource, named ones first, and the transform or macro behind AUTO_EXPAND', () => {
    const { template } = parseTemplate(
      JSON.stringify({
        Transform: ['AWS::Serverless-2016-10-31', { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } }],
        Resources: {
          U: { Type: 'AWS::IAM::User', Properties: { UserName: 'u' } },
          K: { Type: 'AWS::IAM::AccessKey' },
          G: { Type: 'AWS::IAM::Group', Properties: { Path: '/' } },
          N: { Type: 'AWS::CloudFormation::Stack' },
        },
        Outputs: { O: { Value: { 'Fn::Transform': { Name: 'M' } } } },
      }),
      't.json',
    );
    assert.deepEqual(requiredCapabilities(template), [
      {
        capability: 'CAPABILITY_NAMED_IAM',
        reasons: [
          'AWS::IAM::User U has a custom UserName',
          'AWS::IAM::AccessKey K',
          'AWS::IAM::Group G',
          'Transform AWS::Serverless-2016-10-31 can create IAM resources',
          'Transform {"Name":"AWS::Include","Parameters":{"Location":"s3://b/k"}} can create IAM resources',
        ],
      },
      {
        capability: 'CAPABILITY_AUTO_EXPAND',
        reasons: [
          'nested stack N may use macros',
          'Transform AWS::Serverless-2016-10-31',
          'Transform {"Name":"AWS::Include","Parameters":{"Location":"s3://b/k"}}',
          'Fn::Transform (macro) in the template',
        ],
      },
    ]);
  });
  it('finds Fn::Transform in any element of a list, down to a nesting depth of 200', () => {
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'a', Value: 'b' }, { Key: 'k', Value: { 'Fn::Transform': { Name: 'M' } } }] } } }), ['CAPABILITY_AUTO_EXPAND']);
    const nest = (levels: number): unknown => (levels === 0 ? { 'Fn::Transform': { Name: 'M' } } : { x: nest(levels - 1) });
    // Resources map (depth 0) > resource (1) > Properties (2) > ... : a macro at depth 200 is found, one deeper is not looked for.
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: nest(198) } }), ['CAPABILITY_AUTO_EXPAND']);
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: nest(199) } }), []);
    const nestList = (levels: number): unknown => (levels === 0 ? { 'Fn::Transform': { Name: 'M' } } : [nestList(levels - 1)]);
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: nestList(198) } }), ['CAPABILITY_AUTO_EXPAND']);
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: nestList(199) } }), []);
  });

  it('finds Fn::Transform inside lists, and only as a key', () => {
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'k', Value: { 'Fn::Transform': { Name: 'M' } } }] } } }), ['CAPABILITY_AUTO_EXPAND']);
    assert.deepEqual(caps({ B: { Type: 'AWS::S3::Bucket', Properties: { Tags: [{ Key: 'Fn::Transform', Value: 'Fn::Transform' }] } } }), []);
  });
});

describe('stack name rule', () => {
  it('accepts letters, digits and hyphens starting with a letter, up to 128', () => {
    assert.equal(validateStackName('mde-lab-1'), undefined);
    assert.equal(validateStackName(`a${'b'.repeat(127)}`), undefined);
  });
  it('explains each violation', () => {
    assert.match(validateStackName('') ?? '', /Enter/);
    assert.match(validateStackName('1lab') ?? '', /start with a letter/);
    assert.match(validateStackName('my_lab') ?? '', /letters, digits and hyphens/);
    assert.match(validateStackName('lab.x') ?? '', /letters, digits and hyphens/);
    assert.match(validateStackName(`a${'b'.repeat(128)}`) ?? '', /at most 128/);
  });
});
