import { open, truncate, writeFile } from 'node:fs/promises';
import { constants, deflateRawSync } from 'node:zlib';
import { writeFileMeta } from '../../../src/core/dicom/metaHeader';
import { syntheticUid } from './syntheticDicom';

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';
const DEFLATED = '1.2.840.10008.1.2.1.99';

/** One explicit VR little endian element (value padded to even length as PS3.5 requires). */
export function explicitElement(group: number, element: number, vr: string, value: Buffer | string, declaredLength?: number): Buffer {
  const raw = typeof value === 'string' ? Buffer.from(value.length % 2 ? `${value}${vr === 'UI' ? '\0' : ' '}` : value, 'latin1') : value;
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OD', 'OF', 'OL', 'OV', 'SV', 'UV'].includes(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(declaredLength ?? raw.length, 8);
  else header.writeUInt16LE(declaredLength ?? raw.length, 6);
  return Buffer.concat([header, raw]);
}

/** The identifying elements of an instance without its SOP Instance UID (so no reader finds one early). */
function identityWithoutInstanceUid(label: string): Buffer {
  return Buffer.concat([
    explicitElement(0x0008, 0x0016, 'UI', CT_IMAGE),
    explicitElement(0x0008, 0x0060, 'CS', 'CT'),
    explicitElement(0x0010, 0x0020, 'LO', 'HOSTILE-0001'),
    explicitElement(0x0020, 0x000d, 'UI', syntheticUid(`${label}/study`)),
    explicitElement(0x0020, 0x000e, 'UI', syntheticUid(`${label}/series`)),
    explicitElement(0x0029, 0x0010, 'LO', 'IMAGING LAB HOSTILE'),
  ]);
}

/**
 * A file of `totalBytes` (sparse: a few KiB on disk) whose data set lacks the SOP Instance UID and
 * ends in one private OB element filling the rest. A reader that keeps reading until it finds the
 * UID reads it all (1 GiB: 29 s and 1.17 GB before; 2.5 GiB aborted Node).
 */
export async function writeSparseWithoutUid(path: string, totalBytes: number): Promise<void> {
  const head = Buffer.concat([
    writeFileMeta({ sopClassUid: CT_IMAGE, sopInstanceUid: syntheticUid(`sparse/${totalBytes}`), transferSyntaxUid: EXPLICIT_LITTLE }),
    identityWithoutInstanceUid('sparse'),
  ]);
  const filler = explicitElement(0x0029, 0x1010, 'OB', Buffer.alloc(0), totalBytes - head.length - 12);
  await writeFile(path, Buffer.concat([head, filler]));
  await truncate(path, totalBytes);
}

/**
 * A deflated data set (1.2.840.10008.1.2.1.99) of about 1 MB that inflates to `inflatedBytes`
 * (1 GiB by default): the identifying elements without a SOP Instance UID, then an OB element of
 * zeros. Built from independently compressed 1 MiB blocks of zeros, each ending in a full flush, so
 * the same compressed block repeats and nothing large is ever in memory here.
 */
export async function writeDeflateBomb(path: string, inflatedBytes = 1024 * 1024 * 1024): Promise<void> {
  const MiB = 1024 * 1024;
  const blocks = Math.ceil(inflatedBytes / MiB);
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const head = deflateRawSync(Buffer.concat([identityWithoutInstanceUid('bomb'), explicitElement(0x0029, 0x1010, 'OB', Buffer.alloc(0), blocks * MiB)]), flush);
  const zeros = deflateRawSync(Buffer.alloc(MiB), flush);
  const file = await open(path, 'w');
  try {
    await file.write(writeFileMeta({ sopClassUid: CT_IMAGE, sopInstanceUid: syntheticUid('bomb/meta'), transferSyntaxUid: DEFLATED }));
    await file.write(head);
    const run = Buffer.concat(Array.from({ length: 64 }, () => zeros));
    for (let done = 0; done < blocks; done += 64) await file.write(done + 64 <= blocks ? run : Buffer.concat(Array.from({ length: blocks - done }, () => zeros)));
    await file.write(deflateRawSync(Buffer.alloc(0)));
  } finally {
    await file.close();
  }
}
