import assert from 'node:assert/strict';
import { parameterList, type TemplateParameter } from '../../../src/core/cfn/parameterModel';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { checkParameterValues, fullMatch, isValid, validateParameterValue } from '../../../src/core/cfn/validateParameter';

function param(declaration: Record<string, unknown>, key = 'P'): TemplateParameter {
  const { template } = parseTemplate(JSON.stringify({ Parameters: { [key]: declaration }, Resources: { R: { Type: 'AWS::SNS::Topic' } } }), 't.json');
  const p = parameterList(template)[0];
  assert.ok(p);
  return p;
}

describe('parameter validators', () => {
  it('matches AllowedPattern against the whole value, like CloudFormation', () => {
    const p = param({ Type: 'String', AllowedPattern: '[a-z]+' });
    assert.equal(validateParameterValue(p, 'abc'), undefined);
    assert.match(validateParameterValue(p, 'abc1') ?? '', /must match the pattern \[a-z\]\+/);
    assert.match(validateParameterValue(p, '1abc') ?? '', /pattern/);
    // Alternation must not escape the anchors.
    assert.equal(fullMatch('a|b', 'ab'), false);
    assert.equal(fullMatch('(', 'x'), 'invalid-pattern');
    // A pattern only Java understands (possessive quantifier) is left to CloudFormation.
    assert.equal(validateParameterValue(param({ Type: 'String', AllowedPattern: '[a-z]++' }), 'abc'), undefined);
  });

  it('uses the ConstraintDescription in the message', () => {
    const p = param({ Type: 'String', AllowedPattern: '\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+', ConstraintDescription: 'must be a CIDR like 1.2.3.4/32' }, 'AccessCidr');
    assert.equal(validateParameterValue(p, '1.2.3.4'), 'AccessCidr: must be a CIDR like 1.2.3.4/32');
    assert.equal(validateParameterValue(p, '1.2.3.4/32'), undefined);
  });

  it('checks lengths in characters and numeric ranges', () => {
    const s = param({ Type: 'String', MinLength: 3, MaxLength: 4 });
    assert.match(validateParameterValue(s, 'ab') ?? '', /at least 3/);
    assert.equal(validateParameterValue(s, 'äöü'), undefined);
    assert.match(validateParameterValue(s, 'abcde') ?? '', /at most 4/);
    const n = param({ Type: 'Number', MinValue: 1, MaxValue: '10' });
    assert.match(validateParameterValue(n, 'ten') ?? '', /enter a number/);
    assert.match(validateParameterValue(n, '') ?? '', /enter a number/);
    assert.match(validateParameterValue(n, '0') ?? '', /at least 1/);
    assert.match(validateParameterValue(n, '10.5') ?? '', /at most 10/);
    assert.equal(validateParameterValue(n, '2.5'), undefined);
    const list = param({ Type: 'List<Number>', MaxValue: 5 });
    assert.match(validateParameterValue(list, '1, 9') ?? '', /at most 5/);
  });

  it('checks AllowedValues, also per element of a CommaDelimitedList', () => {
    const p = param({ Type: 'String', AllowedValues: ['small', 'large'] });
    assert.match(validateParameterValue(p, 'medium') ?? '', /one of small, large/);
    const list = param({ Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] });
    assert.equal(validateParameterValue(list, 'a,b'), undefined);
    assert.match(validateParameterValue(list, 'a,c') ?? '', /'c' is not one of/);
  });

  it('requires a value for AWS-specific types', () => {
    assert.match(validateParameterValue(param({ Type: 'AWS::EC2::KeyPair::KeyName' }), '') ?? '', /choose a value/);
  });

  it('reports missing required, unknown and invalid values of a whole set', () => {
    const { template } = parseTemplate(
      JSON.stringify({
        Parameters: { Name: { Type: 'String' }, Size: { Type: 'Number', Default: 5, MaxValue: 10 }, Mode: { Type: 'String', Default: 'a' } },
        Resources: { R: { Type: 'AWS::SNS::Topic' } },
      }),
      't.json',
    );
    const check = checkParameterValues(parameterList(template), { Size: '11', Typo: 'x' });
    assert.deepEqual(check.missing, ['Name']);
    assert.deepEqual(check.unknown, ['Typo']);
    assert.deepEqual(check.problems.map((p) => p.key), ['Size']);
    assert.equal(isValid(check), false);
    assert.equal(isValid(checkParameterValues(parameterList(template), { Name: 'n' })), true);
  });
});
