import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { data } from 'dcmjs';

/** A deterministic UID under 2.25 (UUID-as-integer root, PS3.5 §B.2) derived from a label. */
export function syntheticUid(label: string): string {
  const hex = createHash('sha256').update(`imaging-lab-samples/${label}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}

export interface SyntheticSpec {
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid?: string;
  readonly modality?: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly frames?: number;
  readonly instanceNumber?: number;
  /** Override the file-meta SOP Instance UID (to build inconsistent files). */
  readonly mediaStorageSopInstanceUid?: string;
  readonly transferSyntaxUid?: string;
  /** Extra (natural-named) attributes. */
  readonly extra?: Record<string, unknown>;
}

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';

/** A synthetic, PHI-free image as Part 10 bytes: a gradient phantom in 16-bit monochrome. */
export function syntheticDicom(spec: SyntheticSpec): Buffer {
  const rows = spec.rows ?? 64;
  const columns = spec.columns ?? 64;
  const frames = spec.frames ?? 1;
  const pixels = new Uint16Array(rows * columns * frames);
  const seed = spec.instanceNumber ?? 1;
  for (let f = 0; f < frames; f++) {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const r = Math.hypot(x - columns / 2, y - rows / 2);
        pixels[f * rows * columns + y * columns + x] = r < Math.min(rows, columns) * (0.3 + 0.05 * ((f + seed) % 4)) ? 1000 + ((x + y + f) % 64) : 24;
      }
    }
  }
  const sopClassUid = spec.sopClassUid ?? CT_IMAGE;
  const dataset: Record<string, unknown> = {
    SOPClassUID: sopClassUid,
    SOPInstanceUID: spec.sopInstanceUid,
    StudyInstanceUID: spec.studyUid,
    SeriesInstanceUID: spec.seriesUid,
    Modality: spec.modality ?? 'CT',
    PatientName: 'Synthetic^Phantom',
    PatientID: 'SYNTHETIC-0001',
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyDate: '20240101',
    StudyTime: '120000',
    StudyID: '1',
    AccessionNumber: '',
    ReferringPhysicianName: '',
    SeriesNumber: 1,
    InstanceNumber: spec.instanceNumber ?? 1,
    StudyDescription: 'Imaging Lab synthetic sample (no patient data)',
    Rows: rows,
    Columns: columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    ...(frames > 1 ? { NumberOfFrames: String(frames) } : {}),
    ...spec.extra,
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: spec.mediaStorageSopInstanceUid ?? spec.sopInstanceUid,
    TransferSyntaxUID: spec.transferSyntaxUid ?? EXPLICIT_LITTLE,
    ImplementationClassUID: syntheticUid('implementation'),
    ImplementationVersionName: 'IMAGING_LAB',
  };
  const dict = new data.DicomDict(data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}

/** Pixel rows needed for an instance of roughly `bytes` bytes (64 columns, 16-bit). */
export function rowsForSize(bytes: number, columns = 256): number {
  return Math.max(1, Math.round(bytes / (columns * 2)));
}

/** Where the file meta group ends: preamble (128) + 'DICM' + (0002,0000) element (12 bytes) + its value. */
export function metaEnd(part10: Buffer): number {
  return 132 + 12 + part10.readUInt32LE(140);
}

/**
 * Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99): dcmjs writes the data set plainly,
 * so deflate everything after the meta group ourselves.
 */
export function deflatedDicom(spec: SyntheticSpec): Buffer {
  const plain = syntheticDicom({ ...spec, transferSyntaxUid: '1.2.840.10008.1.2.1.99' });
  const end = metaEnd(plain);
  return Buffer.concat([plain.subarray(0, end), deflateRawSync(plain.subarray(end))]);
}

/** Writes `count` instances of one synthetic series into `dir`; returns their SOP Instance UIDs in file order. */
export async function writeSyntheticSeries(dir: string, label: string, count: number, options: { rows?: number; columns?: number } = {}): Promise<string[]> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await mkdir(dir, { recursive: true });
  const studyUid = syntheticUid(`${label}/study`);
  const seriesUid = syntheticUid(`${label}/series`);
  const uids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const sopInstanceUid = syntheticUid(`${label}/instance/${i}`);
    uids.push(sopInstanceUid);
    await writeFile(join(dir, `IM${String(i).padStart(6, '0')}.dcm`), syntheticDicom({ studyUid, seriesUid, sopInstanceUid, instanceNumber: i, rows: options.rows ?? 32, columns: options.columns ?? 32 }));
  }
  return uids;
}
