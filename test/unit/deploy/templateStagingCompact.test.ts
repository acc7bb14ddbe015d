import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactTemplateBody, needsStaging } from '../../../src/core/deploy/templateStaging';

describe('template body sent inline', () => {
  it('drops the indentation of a JSON template (CreateStack counts every byte) and keeps its content', () => {
    const pretty = readFileSync(join(__dirname, '..', '..', '..', 'templates', 'mde.template.json'), 'utf8');
    const compact = compactTemplateBody(pretty);
    assert.deepEqual(JSON.parse(compact), JSON.parse(pretty));
    assert.ok(needsStaging(pretty) && !needsStaging(compact), `the shipped MDE template (${compact.length} bytes compact) goes inline`);
  });

  it('sends YAML and anything that is not JSON unchanged', () => {
    const yaml = 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n';
    assert.equal(compactTemplateBody(yaml), yaml);
    assert.equal(compactTemplateBody('{ "broken": '), '{ "broken": ');
  });
});
