import assert from 'node:assert/strict';
import { contrastRatio, parseCssColor } from '../../e2e/support/contrast';

describe('WCAG contrast check used by the end-to-end theme tests', () => {
  it('reads computed colours and computes WCAG ratios (black on white 21:1; the green the issue measured ~2:1)', () => {
    assert.equal(contrastRatio(parseCssColor('rgb(0, 0, 0)'), parseCssColor('rgb(255, 255, 255)')), 21);
    const green = contrastRatio(parseCssColor('rgb(115, 201, 145)'), parseCssColor('rgb(255, 255, 255)'));
    assert.ok(green > 1.9 && green < 2.1, String(green));
    assert.equal(contrastRatio(parseCssColor('color(srgb 1 1 1)'), parseCssColor('color(srgb 1 1 1)')), 1);
    assert.equal(contrastRatio(parseCssColor('rgba(0, 0, 0, 0)'), parseCssColor('rgb(255, 255, 255)')), 1, 'a transparent colour shows the background');
    assert.throws(() => parseCssColor('oklch(0.5 0.1 120)'));
  });
});
