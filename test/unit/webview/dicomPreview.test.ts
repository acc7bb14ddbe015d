import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { burnedInState, identityReason, identitySummary } from '../../../src/core/preview/identityFlags';
import { sopClassName } from '../../../src/core/preview/sopClassNames';
import { previewHtml } from '../../../src/vscode/preview/previewHtml';
import { isPageMessage } from '../../../src/vscode/preview/protocol';
import { buildTree, parseFile, summaryFor } from '../../../webview/previewWorker/dataSetTree';
import { dragWindowLevel } from '../../../webview/preview/windowLevel';
import { part10, type El } from '../deid/part10Builder';

const toArrayBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;

describe('DICOM preview (page, worker and host pieces)', () => {
  it('flags identity the way PS3.15 Annex E names it, private attributes and burned-in YES', () => {
    assert.match(identityReason(0x00100010, 'PN', true) ?? '', /PatientName/);
    assert.match(identityReason(0x00080080, 'LO', true) ?? '', /InstitutionName/);
    assert.match(identityReason(0x00101040, 'LO', true) ?? '', /PatientAddress.*removed/);
    assert.equal(identityReason(0x00100030, 'DA', false), undefined, 'an empty birth date identifies nobody');
    assert.equal(identityReason(0x0020000d, 'UI', true), undefined, 'UIDs are replaced but not flagged as identity');
    assert.equal(identityReason(0x00280010, 'US', true), undefined);
    assert.equal(identityReason(0x00090010, 'LO', true), 'private creator');
    assert.equal(identityReason(0x00091001, 'LO', true), 'private attribute');
    assert.match(identityReason(0x00280301, 'CS', true, 'YES') ?? '', /burned-in/);
    assert.equal(identityReason(0x00280301, 'CS', true, 'NO'), undefined);
    assert.equal(identitySummary(7, 'unknown'), '7 identifying attributes; burned-in annotation: unknown');
    assert.equal(identitySummary(1, 'YES'), '1 identifying attribute; burned-in annotation: YES');
    assert.equal(burnedInState(' yes '), 'YES');
    assert.equal(burnedInState(undefined), 'unknown');
    assert.equal(sopClassName('1.2.840.10008.5.1.4.1.1.2'), 'CT Image Storage');
    assert.equal(sopClassName('1.2.3'), 'SOP class 1.2.3');
  });

  it('builds the tree with sequences, private creators and flags, and counts them for the summary', () => {
    const elements: El[] = [
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
      { tag: 0x00080018, vr: 'UI', value: '1.2.3.4' },
      { tag: 0x00081110, vr: 'SQ', value: [[{ tag: 0x00081155, vr: 'UI', value: '1.2.3.5' }]] },
      { tag: 0x00090010, vr: 'LO', value: 'ACME 1.1' },
      { tag: 0x00091001, vr: 'LO', value: 'vendor secret' },
      { tag: 0x00092001, vr: 'LO', value: 'orphan' },
      { tag: 0x00100010, vr: 'PN', value: 'Doe^Jane<script>' },
      { tag: 0x0020000d, vr: 'UI', value: '1.2.3.6' },
      { tag: 0x0020000e, vr: 'UI', value: '1.2.3.7' },
    ];
    const parsed = parseFile(toArrayBuffer(part10(elements, '1.2.840.10008.1.2.1')));
    const { tree, flagged } = buildTree(parsed.dict);
    const byTag = (t: string) => tree.find((n) => n.tag === t);
    assert.equal(byTag('(0008,1110)')?.items?.[0]?.[0]?.name, 'ReferencedSOPInstanceUID');
    assert.equal(byTag('(0009,0010)')?.name, 'Private Creator');
    assert.equal(byTag('(0009,1001)')?.name, 'Private (ACME 1.1)');
    assert.equal(byTag('(0009,2001)')?.name, 'Private (no creator)');
    assert.equal(byTag('(0010,0010)')?.value, 'Doe^Jane<script>', 'plain text: the page (Lit) escapes it');
    assert.ok(byTag('(0010,0010)')?.identity);
    assert.equal(flagged, 5, 'patient name, Referenced Study Sequence (X/Z), the creator and two private attributes');
    assert.match(byTag('(0008,1110)')?.identity ?? '', /ReferencedStudySequence \(emptied/);
    assert.match(summaryFor(parsed.dict, flagged), /identifying attributes; burned-in annotation: unknown$/);
  });

  it('reads every sample with the worker parser', () => {
    for (const sample of ['ct/CT000001.dcm', 'rle/RLE000001.dcm', 'deflated/DF000001.dcm', 'multiframe/MF000001.dcm']) {
      const parsed = parseFile(toArrayBuffer(readFileSync(join(__dirname, '..', '..', '..', 'media', 'samples', sample))));
      const { tree } = buildTree(parsed.dict);
      assert.ok(tree.some((n) => n.tag === '(7FE0,0010)' && n.value.startsWith('pixel data')), sample);
    }
  });

  it('drags window/level proportionally to the window, never below width 1', () => {
    assert.deepEqual(dragWindowLevel({ width: 400, center: 40 }, 0, 0), { width: 400, center: 40 });
    assert.deepEqual(dragWindowLevel({ width: 512, center: 40 }, 10, -5), { width: 532, center: 30 });
    assert.equal(dragWindowLevel({ width: 10, center: 0 }, -100, 0).width, 1);
  });

  it('serves a strict CSP with a nonce, WebAssembly only by wasm-unsafe-eval, workers only from blobs', () => {
    const page = previewHtml({ cspSource: 'https://webview.test', scriptUri: 'https://webview.test/p.js"onload="x', workerUri: 'w.js', wasmUri: 'c.wasm', nonce: 'N0nce' });
    const csp = /content="([^"]*)"/.exec(page)?.[1] ?? '';
    assert.match(csp, /^default-src &#39;none&#39;/);
    assert.match(csp, /script-src &#39;nonce-N0nce&#39; &#39;wasm-unsafe-eval&#39;;/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval&#39;[^;]*unsafe/);
    assert.match(csp, /worker-src blob:/);
    assert.ok(!page.includes('"onload="'), 'attributes are escaped');
  });

  it('checks every page message field by field, and accepts nothing else', () => {
    for (const good of [{ type: 'ready' }, { type: 'sendDicom' }, { type: 'sendDeidentified' }, { type: 'firstPixels', milliseconds: 42.5 }]) {
      assert.equal(isPageMessage(good), true, JSON.stringify(good));
    }
    const bad: unknown[] = [
      null, 'ready', [], { type: 'runShell' }, { type: 'sendDicom', uri: 'file:///etc/passwd' }, { type: 'ready', extra: 1 },
      { type: 'firstPixels' }, { type: 'firstPixels', milliseconds: '5' }, { type: 'firstPixels', milliseconds: Number.NaN }, { type: 'firstPixels', milliseconds: -1 },
      { type: 'firstPixels', milliseconds: Infinity }, { type: 'firstPixels', milliseconds: 5, then: 'x' },
    ];
    for (const m of bad) assert.equal(isPageMessage(m), false, JSON.stringify(m));
  });
});
