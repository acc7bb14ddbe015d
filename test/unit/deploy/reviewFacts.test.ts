import assert from 'node:assert/strict';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { makePlan, reviewFacts, reviewLines } from '../../../src/core/deploy/deployPlan';

const TEMPLATE = JSON.stringify({
  Parameters: {
    InstanceType: { Type: 'String', Default: 't3.medium' },
    AdminPassword: { Type: 'String', NoEcho: true },
    Token: { Type: 'String', NoEcho: true, Default: '' },
  },
  Metadata: { 'AWS::CloudFormation::Interface': { ParameterLabels: { InstanceType: { default: 'Instance type' }, AdminPassword: { default: 'Admin password' } } } },
  Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } },
});

describe('the review of a deployment', () => {
  const plan = makePlan({ region: 'us-east-1', stackName: 'lab-1', loaded: parseTemplate(TEMPLATE, 'lab.json'), parameters: { AdminPassword: 'S3cret-value!' }, version: '0.1.0', onFailure: 'DO_NOTHING' });

  it('states each fact once: options, every parameter by label (secrets as set or not, never their value), the capabilities', () => {
    const facts = reviewFacts(plan);
    const labels = facts.map((f) => f.label);
    assert.equal(new Set(labels).size, labels.length, `a fact twice: ${labels.join(', ')}`);
    const value = (label: string) => facts.find((f) => f.label === label)?.value;
    assert.equal(value('On failure'), 'keep resources for inspection');
    assert.equal(value('Instance type'), 't3.medium');
    assert.equal(value('Admin password'), '(set, hidden)');
    assert.equal(value('Token'), '(not set)');
    assert.match(value('Capabilities acknowledged') ?? '', /^CAPABILITY_IAM \(.*AWS::IAM::Role Role/);
    assert.deepEqual(facts.filter((f) => f.option).map((f) => f.option), ['onFailure', 'terminationProtection'], 'the options the wizard shows as choices');
    assert.ok(!JSON.stringify(facts).includes('S3cret-value!'));
  });

  it('prints aligned lines for the terminal, parameters by key', () => {
    const lines = reviewLines(plan);
    const column = lines.map((l) => /^\S[^:]*:\s+/.exec(l)?.[0].length);
    assert.equal(new Set(column).size, 1, lines.join('\n'));
    assert.ok(lines.includes(`${'AdminPassword:'.padEnd(column[0]! - 1)} (set, hidden)`), lines.join('\n'));
  });
});
