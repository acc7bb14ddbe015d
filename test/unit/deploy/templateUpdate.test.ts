import assert from 'node:assert/strict';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import { carriedValues, sameTemplate, tagsForTemplateUpdate } from '../../../src/core/deploy/templateUpdate';

describe('updating a stack to another template', () => {
  const json = parseTemplate('{"Parameters":{"A":{"Type":"String"},"B":{"Type":"Number","Default":"1"}},"Resources":{"R":{"Type":"AWS::SNS::Topic"}}}', 'a.json').template;

  it('sees the same template through JSON/YAML, spacing and key order, and any real change', () => {
    const yaml = parseTemplate('Resources:\n  R:\n    Type: AWS::SNS::Topic\nParameters:\n  B: {Default: "1", Type: Number}\n  A: {Type: String}\n', 'a.yaml').template;
    assert.equal(sameTemplate(json, yaml), true);
    const changed = parseTemplate('{"Parameters":{"A":{"Type":"String"},"B":{"Type":"Number","Default":"2"}},"Resources":{"R":{"Type":"AWS::SNS::Topic"}}}', 'b.json').template;
    assert.equal(sameTemplate(json, changed), false);
  });

  it('carries only the values of parameters the new template still declares', () => {
    assert.deepEqual(carriedValues({ A: 'x', Gone: 'y', B: '5' }, json), { A: 'x', B: '5' });
  });

  it('sends every current tag again, with the version of the applied template, never aws: tags', () => {
    assert.deepEqual(tagsForTemplateUpdate({ 'imaging-lab:kind': 'mde', 'imaging-lab:version': '0.1.0', team: 'radiology', 'aws:cloudformation:stack-name': 'x' }, '0.2.0'), [
      { Key: 'imaging-lab:kind', Value: 'mde' },
      { Key: 'imaging-lab:version', Value: '0.2.0' },
      { Key: 'team', Value: 'radiology' },
    ]);
  });
});
