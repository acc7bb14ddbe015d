/**
 * Regenerates media/samples/: synthetic, PHI-free DICOM (gradient phantoms, fixed fake patient).
 * Run: npx tsx scripts/make-samples.ts   (needs dcmtk's dcmcrle for the RLE sample)
 * Output is deterministic: UIDs are 2.25.<128-bit integer from SHA-256 of a label>.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflatedDicom, syntheticDicom, syntheticUid } from '../test/unit/dicom/syntheticDicom';

const OUT = resolve(__dirname, '..', 'media', 'samples');
const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
const MULTIFRAME_GRAYSCALE_WORD_SC = '1.2.840.10008.5.1.4.1.1.7.3';

const study = syntheticUid('study/1');
const series = (n: number) => syntheticUid(`study/1/series/${n}`);
const instance = (s: number, i: number) => syntheticUid(`study/1/series/${s}/instance/${i}`);

function write(relative: string, bytes: Buffer): void {
  const path = join(OUT, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

for (const dir of ['ct', 'mr', 'multiframe', 'rle', 'deflated']) rmSync(join(OUT, dir), { recursive: true, force: true });

// 1. CT series: five axial slices of one series.
for (let i = 1; i <= 5; i++) {
  write(`ct/CT${String(i).padStart(6, '0')}.dcm`, syntheticDicom({ studyUid: study, seriesUid: series(1), sopInstanceUid: instance(1, i), instanceNumber: i, rows: 128, columns: 128 }));
}
// 2. One MR image.
write('mr/MR000001.dcm', syntheticDicom({ studyUid: study, seriesUid: series(2), sopInstanceUid: instance(2, 1), sopClassUid: MR_IMAGE, modality: 'MR', rows: 192, columns: 192 }));
// 3. A multi-frame instance (8 frames).
write(
  'multiframe/MF000001.dcm',
  syntheticDicom({ studyUid: study, seriesUid: series(3), sopInstanceUid: instance(3, 1), sopClassUid: MULTIFRAME_GRAYSCALE_WORD_SC, modality: 'OT', rows: 96, columns: 96, frames: 8 }),
);
// 4. RLE Lossless (encapsulated, compressed pixel data) made with dcmtk from a plain slice.
const plain = join(OUT, 'rle', 'plain.tmp');
write('rle/plain.tmp', syntheticDicom({ studyUid: study, seriesUid: series(4), sopInstanceUid: instance(4, 1), rows: 128, columns: 128 }));
execFileSync('dcmcrle', ['--quiet', plain, join(OUT, 'rle', 'RLE000001.dcm')]);
rmSync(plain);
// 5. Deflated Explicit VR Little Endian (the whole data set zlib-compressed).
write('deflated/DF000001.dcm', deflatedDicom({ studyUid: study, seriesUid: series(5), sopInstanceUid: instance(5, 1), rows: 128, columns: 128 }));

process.stdout.write(`samples written to ${OUT} (study ${study})\n`);
