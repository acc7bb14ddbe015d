import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parameterList } from '../../../src/core/cfn/parameterModel';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { checkParameterValues, fullMatch } from '../../../src/core/cfn/validateParameter';

const ROOT = join(__dirname, '..', '..', '..');
const VALIDATE = join(ROOT, 'src', 'core', 'cfn', 'validateParameter.ts');

/**
 * Runs the check in a worker, so a check that never returns (catastrophic backtracking) blocks the
 * worker, not this test: mocha's own test timeout then fails the test, and the worker is ended.
 */
let running: Worker | undefined;
function checkInWorker(template: object, values: Record<string, string>): Promise<unknown> {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    const { parameterList } = require(${JSON.stringify(join(ROOT, 'src', 'core', 'cfn', 'parameterModel.ts'))});
    const { checkParameterValues } = require(${JSON.stringify(VALIDATE)});
    parentPort.postMessage(checkParameterValues(parameterList(workerData.template), workerData.values));`;
  return new Promise((resolve, reject) => {
    running = new Worker(code, { eval: true, workerData: { template, values }, execArgv: ['--require', 'tsx/cjs'] });
    running.once('message', resolve);
    running.once('error', reject);
  });
}

/** Ordinary AllowedPatterns (shipped templates, the CloudFormation user guide's examples) and what CloudFormation (Java's Matcher.matches) decides. */
const ORDINARY: [pattern: string, value: string, matches: boolean][] = [
  ['[a-zA-Z0-9]*', 'abc123', true],
  ['[a-zA-Z0-9]*', 'abc-123', false],
  ['[a-zA-Z][a-zA-Z0-9]*', 'MyDb1', true],
  ['[a-zA-Z][a-zA-Z0-9]*', '1Db', false],
  ['^[a-z0-9-]+$', 'my-bucket-1', true],
  ['^[a-z0-9-]+$', 'My-Bucket', false],
  ['(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})', '10.0.0.0/16', true],
  ['(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})', '10.0.0.0', false],
  ['^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|2[0-9]|3[0-2])$', '127.0.0.1/32', true],
  ['^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|2[0-9]|3[0-2])$', '256.0.0.1/32', false],
  ['^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(1[6-9]|2[0-9]|3[0-2])$', '127.0.0.1/8', false],
  ['^([a-z]{2}(-[a-z]+)+-[0-9]+[a-z])?$', '', true],
  ['^([a-z]{2}(-[a-z]+)+-[0-9]+[a-z])?$', 'eu-west-1b', true],
  ['^([a-z]{2}(-[a-z]+)+-[0-9]+[a-z])?$', 'eu-west-1', false],
  ['a|b', 'ab', false],
  ['a|b', 'b', true],
  ['\\w+', 'snake_case1', true],
  ['\\w+', 'kebab-case', false],
  ['.+', 'anything at all', true],
  ['.+', '', false],
  ['(?i)yes|no', 'YES', true],
  ['[\\x21-\\x7e]{8,64}', 'P@ssw0rd!', true],
  ['[\\x21-\\x7e]{8,64}', 'has space', false],
  ['arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+', 'arn:aws:iam::123456789012:role/lab-role', true],
  // The shipped password rule: leading lookaheads (RE2 has none; each is checked as a prefix match).
  ['^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])(?=.*[^A-Za-z0-9])[\\x21-\\x7e]{8,64}$', 'Sup3r-Secret!x', true],
  ['^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])(?=.*[^A-Za-z0-9])[\\x21-\\x7e]{8,64}$', 'alllowercase1!', false],
  ['^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])(?=.*[^A-Za-z0-9])[\\x21-\\x7e]{8,64}$', 'NoSymbol123', false],
  ['^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9])(?=.*[^A-Za-z0-9])[\\x21-\\x7e]{8,64}$', 'Sh0rt!', false],
  ['^(?!-)[a-z0-9-]+$', 'ok-name', true],
  ['^(?!-)[a-z0-9-]+$', '-leading', false],
  ['(?=[(])[(]x', '(x', true],
];

/** Finding 5 of the security review: a template's AllowedPattern could freeze the wizard and the CLI. */
describe('AllowedPattern is matched in linear time, with CloudFormation\'s results for ordinary patterns', () => {
  afterEach(async () => {
    await running?.terminate();
    running = undefined;
  });

  it('answers (a|aa)+ against 53 a\'s and a ! (a value and the template\'s own Default)', async () => {
    const evil = `${'a'.repeat(53)}!`;
    const template = { Parameters: { Name: { Type: 'String', AllowedPattern: '(a|aa)+', Default: evil } }, Resources: { T: { Type: 'AWS::SNS::Topic' } } };
    const fromDefault = (await checkInWorker(template, {})) as { problems: { key: string }[] };
    assert.deepEqual(fromDefault.problems.map((p) => p.key), ['Name'], 'the Default does not match');
    const fromValue = (await checkInWorker(template, { Name: evil })) as { problems: { key: string }[] };
    assert.deepEqual(fromValue.problems.map((p) => p.key), ['Name']);
    assert.equal(fullMatch('(a|aa)+', 'a'.repeat(54)), true);
  });

  it('gives the same answer as CloudFormation for a table of ordinary patterns', () => {
    for (const [pattern, value, expected] of ORDINARY) assert.equal(fullMatch(pattern, value), expected, `${pattern} vs ${JSON.stringify(value)}`);
  });

  it('accepts the Default of every shipped template and checks each pattern it declares', () => {
    const templates = readdirSync(join(ROOT, 'templates')).filter((f) => f.endsWith('.template.json'));
    let patterns = 0;
    for (const file of templates) {
      const loaded = parseTemplate(readFileSync(join(ROOT, 'templates', file), 'utf8'), file);
      const params = parameterList(loaded.template);
      for (const p of params.filter((x) => x.allowedPattern)) {
        patterns++;
        assert.notEqual(fullMatch(p.allowedPattern!, ''), 'invalid-pattern', `${file} ${p.key}: ${p.allowedPattern} is checked locally`);
      }
      const defaults = Object.fromEntries(params.filter((p) => p.defaultValue !== undefined && p.allowedPattern).map((p) => [p.key, p.defaultValue!]));
      assert.deepEqual(checkParameterValues(params.filter((p) => p.key in defaults), defaults).problems, [], file);
    }
    assert.ok(patterns >= 3, `patterns found: ${patterns}`);
  });

  it('leaves to CloudFormation what only Java understands, and refuses nothing it cannot judge', () => {
    assert.equal(fullMatch('[a-z]++', 'abc'), 'invalid-pattern');
    assert.equal(fullMatch('(a)\\1', 'aa'), 'invalid-pattern');
    assert.equal(fullMatch('(', 'x'), 'invalid-pattern');
  });
});
