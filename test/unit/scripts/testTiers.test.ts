import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testTiers } from '../../../scripts/testTiers.mjs';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('npm test tiers', () => {
  it('runs all five tiers from this package.json, none of them marked missing', () => {
    const tiers = testTiers(manifest);
    assert.deepEqual(tiers.map((t) => t.name), ['lint + types', 'unit', 'real peers', 'inside VS Code', 'end to end']);
    assert.deepEqual(tiers.filter((t) => t.missing), []);
  });

  it('keeps a browser tier whose script left package.json, marked missing so the run fails', () => {
    const { 'test:e2e': _dropped, ...scripts } = manifest.scripts;
    const tiers = testTiers({ scripts });
    const e2e = tiers.find((t) => t.name === 'end to end');
    assert.ok(e2e, 'the end-to-end tier disappeared silently');
    assert.match(e2e.missing ?? '', /no "test:e2e" script/);
    assert.equal(tiers.length, 5);
  });
});
