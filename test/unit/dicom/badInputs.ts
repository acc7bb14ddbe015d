import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { metaEnd, syntheticDicom, syntheticUid } from './syntheticDicom';

/** A file that must be skipped, and a pattern its reason must match. */
export interface BadInput {
  readonly name: string;
  readonly reason: RegExp;
}

/** A file the tolerant policy sends with a warning and the strict policy skips. */
export interface ToleratedInput extends BadInput {
  readonly sopInstanceUid: string;
  readonly warning: RegExp;
}

/**
 * Writes the classic bad inputs into `dir` (plus one good instance they are copied from) and
 * returns what the scan must say about each. Names sort so the good original comes first.
 */
export async function writeBadInputs(dir: string, label = 'bad'): Promise<{ good: { name: string; sopInstanceUid: string }; bad: BadInput[]; tolerated: ToleratedInput[] }> {
  await mkdir(dir, { recursive: true });
  const study = syntheticUid(`${label}/study`);
  const series = syntheticUid(`${label}/series`);
  const sopInstanceUid = syntheticUid(`${label}/good`);
  const good = syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid, rows: 128, columns: 128 });
  await writeFile(join(dir, 'a-good.dcm'), good);
  await writeFile(join(dir, 'b-duplicate-copy.dcm'), good);
  await writeFile(join(dir, 'c-empty.dcm'), Buffer.alloc(0));
  await writeFile(join(dir, 'd-notes.dcm'), 'Follow-up in six weeks. This is a text file that was renamed .dcm by mistake.\n'.repeat(4));
  await writeFile(join(dir, 'e-truncated.dcm'), good.subarray(0, good.length - 5000));
  await writeFile(join(dir, 'f-truncated-header.dcm'), good.subarray(0, metaEnd(good) + 40));
  const gUid = syntheticUid(`${label}/g`);
  const g = syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: gUid });
  await writeFile(join(dir, 'g-no-meta.dcm'), Buffer.concat([g.subarray(0, 132), g.subarray(metaEnd(g))]));
  await writeFile(join(dir, 'h-bad-uid.dcm'), syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: '1.2.03.4' }));
  const iUid = syntheticUid(`${label}/i`);
  await writeFile(join(dir, 'i-meta-mismatch.dcm'), syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: iUid, mediaStorageSopInstanceUid: syntheticUid(`${label}/other`) }));
  // dcmjs cuts UIs to 64 characters, so splice the over-long value in afterwards.
  const j = syntheticDicom({ studyUid: study, seriesUid: series, sopInstanceUid: syntheticUid(`${label}/j`) });
  await writeFile(join(dir, 'j-long-uid.dcm'), replaceExplicitUi(j, 0x0020, 0x000d, `1.${'2'.repeat(64)}`));
  return {
    good: { name: 'a-good.dcm', sopInstanceUid },
    bad: [
      { name: 'b-duplicate-copy.dcm', reason: /^duplicate SOP Instance UID .* already sent from .*a-good\.dcm$/ },
      { name: 'c-empty.dcm', reason: /^empty file/ },
      { name: 'd-notes.dcm', reason: /no 'DICM' marker/ },
      { name: 'e-truncated.dcm', reason: /^truncated or malformed: the element \(7FE0,0010\) at byte \d+ claims \d+ bytes, but the file ends at byte \d+$/ },
      { name: 'f-truncated-header.dcm', reason: /^truncated( or malformed)?: .*the file ends at byte \d+/ },
      { name: 'h-bad-uid.dcm', reason: /SOP Instance UID \(0008,0018\) '1\.2\.03\.4' is not a valid UID/ },
      { name: 'j-long-uid.dcm', reason: /Study Instance UID \(0020,000D\) .* longer than 64/ },
    ],
    tolerated: [
      { name: 'g-no-meta.dcm', sopInstanceUid: gUid, reason: /^missing file meta information: it has no file meta header after the 'DICM' marker \(strict mode\)$/, warning: /^sent with a file meta header written by Imaging Lab/ },
      { name: 'i-meta-mismatch.dcm', sopInstanceUid: iUid, reason: /^Media Storage SOP Instance UID \(0002,0003\) .* differs from SOP Instance UID .*\(strict mode\)$/, warning: /^Media Storage SOP Instance UID \(0002,0003\) .* differs from SOP Instance UID/ },
    ],
  };
}

/** Replaces the value of an explicit-VR-little-endian UI element (data set without group lengths). */
export function replaceExplicitUi(bytes: Buffer, group: number, element: number, value: string): Buffer {
  const tag = Buffer.alloc(6);
  tag.writeUInt16LE(group, 0);
  tag.writeUInt16LE(element, 2);
  tag.write('UI', 4, 'latin1');
  const at = bytes.indexOf(tag, metaEnd(bytes));
  if (at < 0) throw new Error('element not found');
  const oldLength = bytes.readUInt16LE(at + 6);
  const padded = value.length % 2 ? `${value}\0` : value;
  const header = Buffer.alloc(8);
  tag.copy(header, 0);
  header.writeUInt16LE(padded.length, 6);
  return Buffer.concat([bytes.subarray(0, at), header, Buffer.from(padded, 'latin1'), bytes.subarray(at + 8 + oldLength)]);
}
