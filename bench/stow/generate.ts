import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syntheticDicom } from '../../test/unit/dicom/syntheticDicom';

/** 2.25 UIDs of fixed length (39 digits), so one template can be patched in place. */
function fixedUid(run: number, index: number): string {
  return `2.25.${10n ** 38n + BigInt(run) * 10_000_000n + BigInt(index)}`;
}

/**
 * Writes `count` distinct instances of about `bytes` each: one dcmjs template whose SOP Instance
 * UID (meta and data set) is overwritten per file. Pixel data is a noisy phantom so compression
 * on the wire or disk would not flatter anyone.
 */
export async function generateInstances(dir: string, count: number, bytes: number, run = 1): Promise<{ files: string[]; totalBytes: number }> {
  await mkdir(dir, { recursive: true });
  const columns = 256;
  const rows = Math.max(1, Math.round(bytes / (columns * 2)));
  const placeholder = fixedUid(run, 0);
  const template = syntheticDicom({ studyUid: fixedUid(run, 9_999_998), seriesUid: fixedUid(run, 9_999_999), sopInstanceUid: placeholder, rows, columns });
  const marker = Buffer.from(placeholder, 'latin1');
  const offsets: number[] = [];
  for (let at = template.indexOf(marker); at >= 0; at = template.indexOf(marker, at + 1)) offsets.push(at);
  if (offsets.length !== 2) throw new Error(`expected the UID twice in the template, found ${offsets.length}`);
  const files: string[] = [];
  let seed = 12345;
  const pixelStart = template.length - rows * columns * 2;
  for (let i = 1; i <= count; i++) {
    const copy = Buffer.from(template);
    const uid = Buffer.from(fixedUid(run, i), 'latin1');
    for (const at of offsets) uid.copy(copy, at);
    for (let p = pixelStart; p < copy.length; p += 2) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      copy.writeUInt16LE(seed & 0x0fff, p);
    }
    const file = join(dir, `IM${String(i).padStart(6, '0')}.dcm`);
    await writeFile(file, copy);
    files.push(file);
  }
  return { files, totalBytes: template.length * count };
}
