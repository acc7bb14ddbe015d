import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeCloudFormation } from '../../../src/core/cfn/looksLikeTemplate';

const ROOT = join(__dirname, '..', '..', '..');

describe('which files are offered "Deploy with Imaging Lab"', () => {
  it('every shipped template, in JSON, and YAML ones with or without a format version', () => {
    for (const f of readdirSync(join(ROOT, 'templates')).filter((n) => n.endsWith('.template.json'))) {
      assert.equal(looksLikeCloudFormation(readFileSync(join(ROOT, 'templates', f), 'utf8')), true, f);
    }
    assert.equal(looksLikeCloudFormation('Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n'), true);
    assert.equal(looksLikeCloudFormation("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"), true);
    assert.equal(looksLikeCloudFormation('{"Resources":{"R":{"Type":"Custom::Thing"}}}'), true);
  });

  it('needs Resources together with an AWS type, and looks only at the first 64 KiB', () => {
    assert.equal(looksLikeCloudFormation('Resources:\n  - note: none here\n'), false);
    assert.equal(looksLikeCloudFormation('Type: AWS::SNS::Topic\n'), false);
    const late = `${'#'.repeat(64 * 1024)}\nAWSTemplateFormatVersion: '2010-09-09'\n`;
    assert.equal(looksLikeCloudFormation(late), false);
    assert.equal(looksLikeCloudFormation(late.slice(2048)), true);
  });

  it('not settings.json, package.json, tsconfig.json or a plain YAML file', () => {
    for (const f of ['package.json', 'tsconfig.json', '.mocharc.json']) assert.equal(looksLikeCloudFormation(readFileSync(join(ROOT, f), 'utf8')), false, f);
    assert.equal(looksLikeCloudFormation('{"editor.fontSize": 14, "imagingLab.aws.regions": ["us-east-1"]}'), false);
    assert.equal(looksLikeCloudFormation('name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n'), false);
    assert.equal(looksLikeCloudFormation('resources:\n  - type: deployment\n'), false, 'a Kubernetes-like file');
  });
});
