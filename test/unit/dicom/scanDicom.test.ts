import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readDicomHeader } from '../../../src/core/dicom/readHeader';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { writeBadInputs } from './badInputs';
import { deflatedDicom, syntheticDicom, syntheticUid } from './syntheticDicom';

describe('scanDicom (header-only validation)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scan-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('skips every bad input with its reason; sends meta-header defects with a warning (tolerant, the default)', async () => {
    const { good, bad, tolerated } = await writeBadInputs(dir);
    const result = await scanDicom([dir]);
    assert.deepEqual(result.instances.map((i) => basename(i.path)), [good.name, ...tolerated.map((t) => t.name)]);
    assert.deepEqual(result.instances.map((i) => i.sopInstanceUid), [good.sopInstanceUid, ...tolerated.map((t) => t.sopInstanceUid)]);
    assert.equal(result.instances[0]?.warnings, undefined);
    for (const t of tolerated) assert.match(result.instances.find((i) => basename(i.path) === t.name)?.warnings?.join('\n') ?? '(no warning)', t.warning, t.name);
    const reasons = new Map(result.skipped.map((s) => [basename(s.path), s.reason]));
    assert.equal(reasons.size, bad.length);
    for (const b of bad) assert.match(reasons.get(b.name) ?? '(not skipped)', b.reason, b.name);
  });

  it('skips meta-header defects too in strict mode', async () => {
    const { good, bad, tolerated } = await writeBadInputs(dir);
    const result = await scanDicom([dir], { strict: true });
    assert.deepEqual(result.instances.map((i) => basename(i.path)), [good.name]);
    const reasons = new Map(result.skipped.map((s) => [basename(s.path), s.reason]));
    assert.equal(reasons.size, bad.length + tolerated.length);
    for (const b of [...bad, ...tolerated]) assert.match(reasons.get(b.name) ?? '(not skipped)', b.reason, b.name);
  });

  it('recurses folders, accepts files without extension, multiple inputs, links once, and reports missing inputs', async () => {
    const study = syntheticUid('scan/study');
    const series = syntheticUid('scan/series');
    await mkdir(join(dir, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(dir, 'nested', 'IM0001'), syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: syntheticUid('scan/1') }));
    await writeFile(join(dir, 'nested', 'deeper', 'IM0002'), syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: syntheticUid('scan/2') }));
    await symlink(join(dir, 'nested'), join(dir, 'nested', 'deeper', 'loop'));
    const single = join(dir, 'single.dcm');
    await writeFile(single, syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: syntheticUid('scan/3') }));
    const result = await scanDicom([join(dir, 'nested'), single, join(dir, 'missing')]);
    assert.deepEqual(result.instances.map((i) => basename(i.path)).sort(), ['IM0001', 'IM0002', 'single.dcm']);
    assert.deepEqual(result.skipped.map((s) => [basename(s.path), s.reason]), [['missing', 'no such file or folder']]);
    assert.equal(result.totalBytes, result.instances.reduce((s, i) => s + i.size, 0));
  });

  it('skips instances of another study when a target study is given', async () => {
    await writeFile(join(dir, 'a.dcm'), syntheticDicom({ studyUid: '1.2.3', seriesUid: '1.2.3.1', sopInstanceUid: '1.2.3.1.1' }));
    await writeFile(join(dir, 'b.dcm'), syntheticDicom({ studyUid: '1.2.4', seriesUid: '1.2.4.1', sopInstanceUid: '1.2.4.1.1' }));
    const result = await scanDicom([dir], { studyInstanceUid: '1.2.3' });
    assert.deepEqual(result.instances.map((i) => i.sopInstanceUid), ['1.2.3.1.1']);
    assert.match(result.skipped[0]?.reason ?? '', /Study Instance UID 1\.2\.4 differs from the target study 1\.2\.3/);
  });

  it('reads only the first 16 KiB of a large image (the pixel data is skipped, not read)', async () => {
    const path = join(dir, 'large.dcm');
    const bytes = syntheticDicom({ studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: '1.2.1.1', rows: 1024, columns: 512 });
    await writeFile(path, bytes);
    const result = await readDicomHeader(path, bytes.length);
    assert.ok(result.ok);
    assert.equal(result.header.bytesRead, 16 * 1024);
  });

  it('skips a long value before the UIDs without reading it', async () => {
    const path = join(dir, 'long-header.dcm');
    const bytes = syntheticDicom({ studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: '1.2.1.9', extra: { ImageComments: 'x'.repeat(300_000) } });
    await writeFile(path, bytes);
    const result = await readDicomHeader(path, bytes.length);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.header.sopInstanceUid, '1.2.1.9');
    assert.ok(result.header.bytesRead < 66 * 1024, `${result.header.bytesRead} bytes read`);
  });

  it('validates implicit VR and deflated files', async () => {
    await writeFile(join(dir, 'implicit.dcm'), syntheticDicom({ studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: '1.2.1.1', transferSyntaxUid: '1.2.840.10008.1.2' }));
    await writeFile(join(dir, 'deflated.dcm'), deflatedDicom({ studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: '1.2.1.2', rows: 512, columns: 512 }));
    const result = await scanDicom([dir]);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.instances.map((i) => [basename(i.path), i.transferSyntaxUid]), [
      ['deflated.dcm', '1.2.840.10008.1.2.1.99'],
      ['implicit.dcm', '1.2.840.10008.1.2'],
    ]);
  });

  it('stops when aborted', async () => {
    await writeFile(join(dir, 'a.dcm'), syntheticDicom({ studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: '1.2.1.1' }));
    await assert.rejects(scanDicom([dir], { signal: AbortSignal.abort() }), { name: 'AbortError' });
  });
});
