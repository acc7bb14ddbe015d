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
