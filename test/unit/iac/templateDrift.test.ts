import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifiedBytes, prettyJson } from '../../../templates/cdk/common/plainApp';
import { templatePath } from '../../../templates/cdk/kinds';
import { builtKinds, mdeSynth, synthOf } from './synthFixture';

const ROOT = join(__dirname, '..', '..', '..');

/** Templates larger than this go through the consented S3 staging (CreateStack TemplateBody limit). */
const TEMPLATE_BODY_LIMIT = 51_200;
/** Kinds whose template is expected to fit inline; others are staged (Tator's EKS stack; the lab since its Costs group). */
const INLINE_KINDS = new Set(['mde', 'orthanc', 'stowrs']);

describe('shipped templates', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(180_000);

  it('builds MDE at least', () => {
    assert.ok(builtKinds().includes('mde'));
  });

  for (const kind of builtKinds()) {
    describe(kind, () => {
      it(`templates/${kind}.template.json equals a fresh synth (run \`npm run synth\` after changing templates/cdk or templates/scripts)`, () => {
        const committed = readFileSync(join(ROOT, templatePath(kind)), 'utf8');
        assert.equal(committed, prettyJson(synthOf(kind).template));
      });

      it('is a plain template: no bootstrap parameter or rule, no CDK metadata, no assets', () => {
        const text = prettyJson(synthOf(kind).template);
        for (const marker of ['BootstrapVersion', 'CheckBootstrapVersion', 'CDKMetadata', 'aws:cdk:', 'cdk-hnb659fds', 'AssetParameters']) {
          assert.ok(!text.includes(marker), `template mentions ${marker}`);
        }
        // A template's own Rules (the lab's ClientVpnNeedsCertificates) are fine; CDK's bootstrap rule
        // (CheckBootstrapVersion, above) is not.
      });

      if (INLINE_KINDS.has(kind)) {
        it('fits CreateStack TemplateBody (51,200 bytes minified)', () => {
          const size = minifiedBytes(synthOf(kind).template);
          assert.ok(size <= TEMPLATE_BODY_LIMIT, `${size} bytes`);
        });
      }
    });
  }

  it('keeps the MDE user data under the EC2 limit of 16 KB, with room for the longest substituted values', () => {
    const resources = mdeSynth().template.Resources as Record<string, { Properties: { UserData: { 'Fn::Base64': { 'Fn::Join': [string, unknown[]] } } } }>;
    const parts = resources.MdeInstance!.Properties.UserData['Fn::Base64']['Fn::Join'][1];
    const literal = parts.filter((p): p is string => typeof p === 'string').join('');
    // Stack names are at most 128 characters; secret ARNs, region and parameter values well under 200.
    const worstCase = Buffer.byteLength(literal) + (parts.length - parts.filter((p) => typeof p === 'string').length) * 200;
    assert.ok(worstCase <= 16_384, `user data may reach ${worstCase} bytes`);
  });
});
