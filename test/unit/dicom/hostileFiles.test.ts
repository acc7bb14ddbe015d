import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_HEADER_LIMITS, readDicomHeader } from '../../../src/core/dicom/readHeader';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { writeDeflateBomb, writeSparseWithoutUid } from './hostileFiles';
import { syntheticDicom, syntheticUid } from './syntheticDicom';

const GiB = 1024 ** 3;

// Issue 21, finding 3: before, a missing UID made the reader grow its buffer to the whole file
// (1 GiB: 1.1 GB of memory; 2.5 GiB: Node aborted) and deflated data sets were inflated whole
// (a 1 MB file: 3.2 GB, 15 s of synchronous work). See bench/stow/hostile.ts for the figures.
describe('hostile DICOM files cost a bounded read, and never the caller', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hostile-'));
    await writeSparseWithoutUid(join(dir, 'sparse-1GiB.dcm'), GiB);
    await writeSparseWithoutUid(join(dir, 'sparse-2.5GiB.dcm'), 2.5 * GiB);
    await writeDeflateBomb(join(dir, 'deflate-bomb.dcm'));
    await writeFile(join(dir, 'valid.dcm'), syntheticDicom({ studyUid: '1.2', seriesUid: '1.2.1', sopInstanceUid: syntheticUid('hostile/valid') }));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  for (const name of ['sparse-1GiB.dcm', 'sparse-2.5GiB.dcm']) {
    it(`${name} without a SOP Instance UID: skipped after reading its first 16 KiB`, async () => {
      const path = join(dir, name);
      const result = await readDicomHeader(path, (await stat(path)).size);
      assert.ok(result.ok, 'the structure itself is readable');
      assert.equal(result.header.sopInstanceUid, undefined);
      assert.equal(result.header.bytesRead, 16 * 1024);
    });
  }

  it('a 1 MB deflate bomb: inflation stops at its limit, having read one chunk of the file', async () => {
    const path = join(dir, 'deflate-bomb.dcm');
    const size = (await stat(path)).size;
    assert.ok(size > 1_000_000 && size < 1_100_000, `${size} bytes`);
    const result = await readDicomHeader(path, size);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.reason, 'the first 4 MiB of the inflated data set hold no SOP Instance UID (0008,0018); inflation stops there (the limit against deflate bombs)');
    assert.ok(result.bytesRead <= 2 * 64 * 1024, `${result.bytesRead} bytes read`);
    assert.equal(DEFAULT_HEADER_LIMITS.inflatedBytes, 4 * 1024 * 1024);
  });

  it('scans all of them together in the worker: each skipped with its reason, the valid file kept', async () => {
    const memoryBefore = process.memoryUsage().rss;
    const result = await scanDicom([dir]);
    assert.deepEqual(result.instances.map((i) => basename(i.path)), ['valid.dcm']);
    assert.deepEqual(
      result.skipped.map((s) => [basename(s.path), s.reason]),
      [
        ['deflate-bomb.dcm', 'the first 4 MiB of the inflated data set hold no SOP Instance UID (0008,0018); inflation stops there (the limit against deflate bombs)'],
        ['sparse-1GiB.dcm', 'SOP Instance UID (0008,0018) is missing'],
        ['sparse-2.5GiB.dcm', 'SOP Instance UID (0008,0018) is missing'],
      ],
    );
    // Not a timing or tight memory figure: the old reader grew this process by more than 1 GB here.
    assert.ok(process.memoryUsage().rss - memoryBefore < 512 * 1024 * 1024);
  });
});
