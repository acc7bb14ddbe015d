import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifiedBytes, prettyJson } from '../../../templates/cdk/common/plainApp';
import { templatePath } from '../../../templates/cdk/kinds';
import { mdeSynth } from './synthFixture';

const ROOT = join(__dirname, '..', '..', '..');

describe('shipped templates', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(120_000);
  before(() => mdeSynth());

  it('templates/mde.template.json equals a fresh synth (run `npm run synth` after changing templates/cdk or templates/scripts)', () => {
    const committed = readFileSync(join(ROOT, templatePath('mde')), 'utf8');
    assert.equal(committed, prettyJson(mdeSynth().template));
  });

  it('is a plain template: no bootstrap parameter or rule, no CDK metadata, no assets', () => {
    const text = prettyJson(mdeSynth().template);
    for (const marker of ['BootstrapVersion', 'CDKMetadata', 'aws:cdk:', 'cdk-hnb659fds', 'AssetParameters', 'Rules']) {
      assert.ok(!text.includes(marker), `template mentions ${marker}`);
    }
  });

  it('fits CreateStack TemplateBody (51,200 bytes minified)', () => {
    assert.ok(minifiedBytes(mdeSynth().template) <= 51_200, `${minifiedBytes(mdeSynth().template)} bytes`);
  });

  it('keeps the MDE user data under the EC2 limit of 16 KB, with room for the longest substituted values', () => {
    const resources = mdeSynth().template.Resources as Record<string, { Properties: { UserData: { 'Fn::Base64': { 'Fn::Join': [string, unknown[]] } } } }>;
    const parts = resources.MdeInstance!.Properties.UserData['Fn::Base64']['Fn::Join'][1];
    const literal = parts.filter((p): p is string => typeof p === 'string').join('');
    // Stack names are at most 128 characters; secret ARNs, region and parameter values well under 200.
    const worstCase = Buffer.byteLength(literal) + (parts.length - parts.filter((p) => typeof p === 'string').length) * 200;
    assert.ok(worstCase <= 16_384, `user data may reach ${worstCase} bytes`);
  });
});
