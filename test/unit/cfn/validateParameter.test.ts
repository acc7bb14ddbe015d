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

let spelling = 0;
/** The same pattern spelt anew (a trailing character repeated zero times, which matches nothing more), so it is compiled again. */
function fresh(pattern: string): string {
  spelling += 1;
  return `${pattern}(?:\\x{${spelling.toString(16)}}){0}`;
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

  it('accepts values exactly at each limit and refuses one past it, with the limit in the message', () => {
    const s = param({ Type: 'String', MinLength: 3, MaxLength: 4 });
    assert.equal(validateParameterValue(s, 'abc'), undefined);
    assert.equal(validateParameterValue(s, 'abcd'), undefined);
    assert.equal(validateParameterValue(s, 'ab'), 'P: must have at least 3 characters.');
    assert.equal(validateParameterValue(s, 'abcde'), 'P: must have at most 4 characters.');
    const n = param({ Type: 'Number', MinValue: 1, MaxValue: 10 });
    assert.equal(validateParameterValue(n, '1'), undefined);
    assert.equal(validateParameterValue(n, '10'), undefined);
    assert.equal(validateParameterValue(n, '0.5'), 'P: must be at least 1.');
    assert.equal(validateParameterValue(n, '11'), 'P: must be at most 10.');
    assert.equal(validateParameterValue(n, '  '), 'P: enter a number.');
    assert.equal(validateParameterValue(n, 'Infinity'), 'P: enter a number.');
    // Without limits any finite number will do.
    assert.equal(validateParameterValue(param({ Type: 'Number' }), '-1e6'), undefined);
  });

  it('checks every element of a List<Number>, each trimmed', () => {
    const list = param({ Type: 'List<Number>', MinValue: 1, MaxValue: 5 });
    assert.equal(validateParameterValue(list, '1, 2 ,5'), undefined);
    assert.equal(validateParameterValue(list, '1,x'), 'P: enter a number.');
    assert.equal(validateParameterValue(list, '0,2'), 'P: must be at least 1.');
  });

  it('names the allowed values and the refused element, and checks list lengths and patterns after AllowedValues', () => {
    const p = param({ Type: 'String', AllowedValues: ['small', 'large'] });
    assert.equal(validateParameterValue(p, 'medium'), 'P: must be one of small, large.');
    assert.equal(validateParameterValue(p, 'large'), undefined);
    const list = param({ Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'], MaxLength: 3 });
    assert.equal(validateParameterValue(list, 'a, c'), "P: 'c' is not one of a, b.");
    assert.equal(validateParameterValue(list, 'a, b'), 'P: must have at most 3 characters.');
    const free = param({ Type: 'CommaDelimitedList', AllowedPattern: '[a-z,]+' });
    assert.equal(validateParameterValue(free, 'a,b'), undefined);
    assert.match(validateParameterValue(free, 'a,B') ?? '', /must match the pattern/);
  });

  it('checks an AWS-specific value against its pattern once it is given', () => {
    const p = param({ Type: 'AWS::EC2::KeyPair::KeyName', AllowedPattern: 'lab-.*' });
    assert.equal(validateParameterValue(p, '   '), 'P: choose a value (AWS::EC2::KeyPair::KeyName).');
    assert.equal(validateParameterValue(p, 'lab-key'), undefined);
    assert.match(validateParameterValue(p, 'other') ?? '', /must match the pattern lab-\.\*/);
    const ssm = param({ Type: 'AWS::SSM::Parameter::Value<String>' });
    assert.match(validateParameterValue(ssm, '') ?? '', /choose a value/);
    assert.equal(validateParameterValue(ssm, '/lab/ami'), undefined);
  });

  it('runs each leading lookahead of a pattern, negative ones too, and anchors the rest', () => {
    // Compiled patterns are kept per process; a fresh spelling makes each
    // check compile its pattern, so the answer cannot come from an earlier check.
    const match = (pattern: string, value: string) => fullMatch(fresh(pattern), value);
    assert.equal(match('(?!admin)[a-z]+', 'admin'), false);
    assert.equal(match('(?!admin)[a-z]+', 'alice'), true);
    assert.equal(match('^(?=.*[0-9])[a-z0-9]+', 'abc'), false);
    assert.equal(match('^(?=.*[0-9])[a-z0-9]+', 'abc1'), true);
    assert.equal(match('^(?=.*[0-9])(?=.*[A-Z])(?!.*admin)[a-zA-Z0-9]+', 'Abc1'), true);
    assert.equal(match('^(?=.*[0-9])(?=.*[A-Z])(?!.*admin)[a-zA-Z0-9]+', 'abc1'), false);
    assert.equal(match('^(?=.*[0-9])(?=.*[A-Z])(?!.*admin)[a-zA-Z0-9]+', 'Aadmin1'), false);
    assert.equal(match('^[a-z]+', 'ab1'), false);
    assert.equal(match('x(?=y)', 'xy'), 'invalid-pattern');
    // Parentheses, escapes and ']' inside a class do not end the lookahead early.
    assert.equal(match('(?=.*[)(])[^]()a-z]+|[a-z()]+', 'a(b'), true);
    assert.equal(match('(?=.*[)(])[^]()a-z]+|[a-z()]+', 'ab'), false);
    assert.equal(match('(?=.*\\))[a-z\\)]+', 'ab)'), true);
    assert.equal(match('(?=.*\\))[a-z\\)]+', 'ab'), false);
    assert.equal(match('(?=[^)]*x)[a-z)]+', 'a)x'), false);
    assert.equal(match('(?=[^)]*x)[a-z)]+', 'ax)'), true);
    assert.equal(match('(?=.*((a)))[a-z]+', 'ba'), true);
    assert.equal(match('(?=.*((a)))[a-z]+', 'bb'), false);
    assert.equal(match('(?=.*x', 'x'), 'invalid-pattern');
  });

  it('gives a repeated pattern the same answer, also after many other patterns', () => {
    assert.equal(fullMatch('(?!root)[a-z]+', 'root'), false);
    for (let i = 0; i < 300; i++) assert.equal(fullMatch(`[a-z]{${i}}`, 'a'.repeat(i)), true);
    assert.equal(fullMatch('(?!root)[a-z]+', 'root'), false);
    assert.equal(fullMatch('(?!root)[a-z]+', 'rooted'), false);
    assert.equal(fullMatch('(?!root)[a-z]+', 'alice'), true);
  });

  it('is valid only with nothing missing, nothing unknown and no problem', () => {
    const none = { missing: [], unknown: [], problems: [] };
    assert.equal(isValid(none), true);
    assert.equal(isValid({ ...none, missing: ['Name'] }), false);
    assert.equal(isValid({ ...none, unknown: ['Typo'] }), false);
    assert.equal(isValid({ ...none, problems: [{ key: 'Size', message: 'Size: must be at most 10.' }] }), false);
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
