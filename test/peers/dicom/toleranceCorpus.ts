import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool } from '../../support/requireTool';
import { explicitElement } from '../../unit/dicom/hostileFiles';
import { syntheticUid } from '../../unit/dicom/syntheticDicom';

/** What the scan (and the send) must do with one corpus file. */
export interface CorpusFile {
  readonly name: string;
  readonly sopInstanceUid: string | undefined;
  /** Tolerant policy (the default): sent, with a warning matching this if given, or skipped with a reason matching it. */
  readonly tolerant: { readonly sent: true; readonly warning?: RegExp } | { readonly sent: false; readonly reason: RegExp };
  /** Strict policy: the tolerant outcome unless given. */
  readonly strict?: { readonly sent: false; readonly reason: RegExp };
  /** Sent, but the server (Orthanc) refuses it: the report must say so with this reason. */
  readonly serverRefuses?: RegExp;
  /** What PS3.5/PS3.10 says about the file, for the report of the generated set. */
  readonly about: string;
}

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

/** A 4x4 8-bit monochrome image as a dcmtk dump (dump2dcm input); `frames` > 1 makes a multi-frame one. */
function dump(uid: string, label: string, frames = 1): string {
  const pixels = Array.from({ length: 16 * frames }, (_, i) => ((i * 17) & 0xff).toString(16).padStart(2, '0')).join('\\');
  return [
    `(0008,0016) UI [${CT_IMAGE}]`,
    `(0008,0018) UI [${uid}]`,
    '(0008,0060) CS [CT]',
    '(0010,0010) PN [Tolerance^Corpus]',
    '(0010,0020) LO [TOLERANCE-0001]',
    `(0020,000d) UI [${syntheticUid(`${label}/study`)}]`,
    `(0020,000e) UI [${syntheticUid(`${label}/series`)}]`,
    ...(frames > 1 ? [`(0028,0008) IS [${frames}]`] : []),
    '(0028,0002) US 1',
    '(0028,0004) CS [MONOCHROME2]',
    '(0028,0010) US 4',
    '(0028,0011) US 4',
    '(0028,0100) US 8',
    '(0028,0101) US 8',
    '(0028,0102) US 7',
    '(0028,0103) US 0',
    `(7fe0,0010) OB ${pixels}`,
    '',
  ].join('\n');
}

/** Where group 0002 ends in a file dcmtk wrote (preamble, marker, group length element, group). */
const metaEnd = (bytes: Buffer) => 132 + 12 + bytes.readUInt32LE(140);

/** Replaces the first occurrence of a same-length ASCII value at or after `from`. */
function replaceOnce(bytes: Buffer, from: number, before: string, after: string): Buffer {
  if (before.length !== after.length) throw new Error('replacement must keep the length');
  const at = bytes.indexOf(Buffer.from(before, 'latin1'), from);
  if (at < 0) throw new Error(`'${before}' not found`);
  const copy = Buffer.from(bytes);
  copy.write(after, at, 'latin1');
  return copy;
}

/** The offset of an element header (little endian tag) at or after `from`. */
function findTag(bytes: Buffer, group: number, element: number, from: number): number {
  const tag = Buffer.alloc(4);
  tag.writeUInt16LE(group, 0);
  tag.writeUInt16LE(element, 2);
  const at = bytes.indexOf(tag, from);
  if (at < 0) throw new Error('tag not found');
  return at;
}

/** Another valid UID of the same length (the last digit changed). */
const sibling = (uid: string) => `${uid.slice(0, -1)}${(Number(uid.at(-1)) + 1) % 10}`;

/**
 * Writes the generated set into `dir` with dcmtk (dump2dcm, dcmconv, dcmcrle, dcmcjpls, dcmcjpeg)
 * and byte editing, one file per rule of PS3.5/PS3.10 around the meta header and the pixel data,
 * and returns what our scan must do with each. Every file has its own SOP Instance UID except the
 * deliberate duplicate.
 */
export async function writeToleranceCorpus(dir: string, label = 'corpus'): Promise<CorpusFile[]> {
  const tool = (name: string) => requireTool(name, 'dcmtk');
  const run = (name: string, ...args: string[]) => execFileSync(tool(name), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const work = join(dir, '.work');
  await mkdir(work, { recursive: true });
  const files: CorpusFile[] = [];
  /** A new instance written by dump2dcm (`options`), then by `convert` (a dcmtk tool and its options) if given. */
  const make = async (name: string, options: { dump2dcm?: string[]; frames?: number; convert?: [string, ...string[]] } = {}): Promise<{ uid: string; bytes: Buffer }> => {
    const uid = syntheticUid(`${label}/${name}`);
    const source = join(work, `${name}.dump`);
    await writeFile(source, dump(uid, label, options.frames));
    const plain = join(work, `${name}.plain`);
    run('dump2dcm', ...(options.dump2dcm ?? ['+te']), source, plain);
    const out = join(work, name);
    if (options.convert) run(options.convert[0], ...options.convert.slice(1), plain, out);
    return { uid, bytes: await readFile(options.convert ? out : plain) };
  };
  const put = (name: string, bytes: Buffer) => writeFile(join(dir, name), bytes);
  const sent = async (name: string, about: string, made: Promise<{ uid: string; bytes: Buffer }>, edit: (b: Buffer, uid: string) => Buffer = (b) => b) => {
    const { uid, bytes } = await made;
    await put(name, edit(bytes, uid));
    files.push({ name, sopInstanceUid: uid, about, tolerant: { sent: true } });
  };
  const metaDefect = async (name: string, about: string, warning: RegExp, edit: (b: Buffer, uid: string) => Buffer) => {
    const { uid, bytes } = await make(name);
    await put(name, edit(bytes, uid));
    files.push({ name, sopInstanceUid: uid, about, tolerant: { sent: true, warning }, strict: { sent: false, reason: new RegExp(`${warning.source}.*\\(strict mode\\)$`) } });
  };
  const skipped = async (name: string, about: string, reason: RegExp, made: Promise<{ uid: string; bytes: Buffer }>, edit: (b: Buffer, uid: string) => Buffer) => {
    const { uid, bytes } = await made;
    await put(name, edit(bytes, uid));
    files.push({ name, sopInstanceUid: uid, about, tolerant: { sent: false, reason } });
  };
  const threeFrames = (convert: [string, ...string[]]) => ({ frames: 3, convert });

  // Valid encodings, including the Basic Offset Table with and without entries.
  await sent('01-explicit-little.dcm', 'explicit VR little endian', make('01'));
  await sent('02-implicit-little.dcm', 'implicit VR little endian', make('02', { dump2dcm: ['+ti'] }));
  await sent('03-explicit-big.dcm', 'explicit VR big endian (retired)', make('03', { dump2dcm: ['+tb'] }));
  await sent('04-deflated.dcm', 'deflated explicit VR little endian', make('04', { dump2dcm: ['+td'] }));
  await sent('05-rle-offset-table.dcm', 'RLE, 3 frames, Basic Offset Table with entries', make('05', threeFrames(['dcmcrle'])));
  await sent('06-rle-empty-offset-table.dcm', 'RLE, 3 frames, empty Basic Offset Table', make('06', threeFrames(['dcmcrle', '-ot'])));
  await sent('07-jpegls-lossless.dcm', 'JPEG-LS lossless, 3 frames', make('07', threeFrames(['dcmcjpls'])));
  await sent('08-jpeg-baseline.dcm', 'JPEG baseline', make('08', { convert: ['dcmcjpeg'] }));

  // What PS3.5 allows after and around the pixel data (issue 23, point 1).
  await sent('09-rle-trailing-padding.dcm', 'RLE, then Data Set Trailing Padding (FFFC,FFFC)', make('09', threeFrames(['dcmcrle'])), (b) => b);
  await sent('10-jpegls-trailing-padding.dcm', 'JPEG-LS, then Data Set Trailing Padding (FFFC,FFFC)', make('10', threeFrames(['dcmcjpls'])));
  await sent('11-native-trailing-padding.dcm', 'native pixel data, then Data Set Trailing Padding (FFFC,FFFC)', make('11'));
  for (const name of ['09-rle-trailing-padding.dcm', '10-jpegls-trailing-padding.dcm', '11-native-trailing-padding.dcm']) {
    run('dcmconv', '+p', '256', '0', name, join(work, name));
    await put(name, await readFile(join(work, name)));
  }
  await sent('12-rle-empty-fragment.dcm', 'RLE with an empty fragment before the delimiter', make('12', threeFrames(['dcmcrle'])), (b) => {
    const delimiter = b.lastIndexOf(Buffer.from([0xfe, 0xff, 0xdd, 0xe0]));
    return Buffer.concat([b.subarray(0, delimiter), Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0]), b.subarray(delimiter)]);
  });
  const oddLength = (b: Buffer) => {
    const copy = Buffer.from(b);
    const pixel = findTag(copy, 0x7fe0, 0x0010, metaEnd(copy));
    copy.writeUInt32LE(copy.readUInt32LE(pixel + 8) - 1, pixel + 8);
    return copy;
  };
  await sent('13a-odd-length-last-element.dcm', 'pixel data of odd length (15 bytes), ending the file', make('13a'), (b) => oddLength(b).subarray(0, b.length - 1));
  await sent('13b-odd-length-padded.dcm', 'pixel data of odd length (15 bytes), then one padding byte its length does not count', make('13b'), oddLength);
  files[files.length - 1] = { ...(files.at(-1) as CorpusFile), tolerant: { sent: true, warning: /^1 byte\(s\) after the last element, from byte \d+ \(the padding byte of an odd-length last value, which its length does not count\): sent without them$/ } };

  // Meta header inconsistencies servers tolerate (point 2): warnings, refused only in strict mode.
  await metaDefect('14-meta-instance-uid-differs.dcm', '(0002,0003) differs from (0008,0018)', /^Media Storage SOP Instance UID \(0002,0003\) \S+ differs from SOP Instance UID \(0008,0018\)/, (b, uid) => replaceOnce(b, 0, uid, sibling(uid)));
  await metaDefect('15-meta-class-uid-differs.dcm', '(0002,0002) differs from (0008,0016)', /^Media Storage SOP Class UID \(0002,0002\) 1\.2\.840\.10008\.5\.1\.4\.1\.1\.4 differs from SOP Class UID/, (b) => replaceOnce(b, 0, CT_IMAGE, '1.2.840.10008.5.1.4.1.1.4'));
  await metaDefect('16-meta-group-length-wrong.dcm', 'File Meta Information Group Length 2 bytes too long', /^the File Meta Information Group Length \(0002,0000\) says \d+ bytes, but the meta header holds \d+/, (b) => {
    const copy = Buffer.from(b);
    copy.writeUInt32LE(copy.readUInt32LE(140) + 2, 140);
    return copy;
  });
  await metaDefect('17-meta-no-implementation-class.dcm', 'no Implementation Class UID (0002,0012)', /^the file meta header has no Implementation Class UID \(0002,0012\)/, (b, uid) => {
    const meta = Buffer.concat([
      explicitElement(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
      explicitElement(0x0002, 0x0002, 'UI', CT_IMAGE),
      explicitElement(0x0002, 0x0003, 'UI', uid),
      explicitElement(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1'),
    ]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(meta.length, 0);
    return Buffer.concat([b.subarray(0, 132), explicitElement(0x0002, 0x0000, 'UL', length), meta, b.subarray(metaEnd(b))]);
  });

  // Data sets without a file meta header (point 3): sent with one written by the client.
  const written = /^sent with a file meta header written by Imaging Lab/;
  const strictMissing = { sent: false as const, reason: /^missing file meta information: .*\(strict mode\)$/ };
  for (const [name, option, about] of [
    ['18-bare-implicit-little.dcm', '+ti', 'a bare data set, implicit VR little endian'],
    ['19-bare-explicit-little.dcm', '+te', 'a bare data set, explicit VR little endian'],
    ['20-bare-explicit-big.dcm', '+tb', 'a bare data set, explicit VR big endian'],
  ] as const) {
    const { uid, bytes } = await make(name, { dump2dcm: ['-F', option] });
    await put(name, bytes);
    files.push({ name, sopInstanceUid: uid, about, tolerant: { sent: true, warning: written }, strict: strictMissing });
  }
  {
    const { uid, bytes } = await make('21');
    await put('21-dicm-without-meta.dcm', Buffer.concat([bytes.subarray(0, 132), bytes.subarray(metaEnd(bytes))]));
    files.push({ name: '21-dicm-without-meta.dcm', sopInstanceUid: uid, about: "preamble and 'DICM', then the data set", tolerant: { sent: true, warning: written }, strict: strictMissing });
  }

  // Real defects: skipped whatever the policy, with a reason naming the place (point 4).
  await skipped('22-truncated-pixel-data.dcm', 'cut 5 bytes before the end of the pixel data', /^truncated or malformed: the element \(7FE0,0010\) at byte \d+ claims 16 bytes, but the file ends at byte \d+$/, make('22'), (b) => b.subarray(0, b.length - 5));
  await skipped('23-truncated-fragments.dcm', 'RLE cut inside its last fragment', /^truncated or malformed: the element \(FFFE,E000\) at byte \d+ claims \d+ bytes, but the file ends at byte \d+$/, make('23', threeFrames(['dcmcrle'])), (b) => b.subarray(0, b.length - 30));
  await skipped('24-truncated-header.dcm', 'cut inside the Study Instance UID', /^truncated or malformed: the element \(0020,000D\) at byte \d+ claims \d+ bytes, but the file ends at byte \d+$/, make('24'), (b) => b.subarray(0, findTag(b, 0x0020, 0x000d, metaEnd(b)) + 20));
  await skipped('25-bare-compressed.dcm', 'a bare data set with RLE pixel data', /^it is a bare data set.*its pixel data is compressed \(encapsulated\), so its transfer syntax cannot be told/, make('25', threeFrames(['dcmcrle'])), (b) => b.subarray(metaEnd(b)));
  {
    const first = await readFile(join(dir, '01-explicit-little.dcm'));
    await put('26-copy-of-01.dcm', first);
    files.push({ name: '26-copy-of-01.dcm', sopInstanceUid: files[0]?.sopInstanceUid, about: 'the same SOP Instance UID as 01', tolerant: { sent: false, reason: /^duplicate SOP Instance UID/ } });
    await writeFile(join(dir, '27-notes.dcm'), 'Not an image: a text file named .dcm by mistake.\n');
    files.push({ name: '27-notes.dcm', sopInstanceUid: undefined, about: 'text', tolerant: { sent: false, reason: /^not a DICOM file/ } });
  }
  {
    // Bytes that are not an item in a sequence of defined length. With implicit VR nothing says the
    // element is a sequence (its value does not start with an item), so the scan leaves it unread;
    // the server knows the tag from its dictionary, parses into it and refuses the file (point 5).
    const garbage = Buffer.from('ABCDEFGHIJKLMNOP', 'latin1');
    const implicit = await make('28', { dump2dcm: ['+ti'] });
    const at = findTag(implicit.bytes, 0x0010, 0x0010, metaEnd(implicit.bytes));
    const element = Buffer.alloc(8);
    element.writeUInt16LE(0x0008, 0);
    element.writeUInt16LE(0x1140, 2);
    element.writeUInt32LE(garbage.length, 4);
    await put('28-implicit-garbage-in-sequence.dcm', Buffer.concat([implicit.bytes.subarray(0, at), element, garbage, implicit.bytes.subarray(at)]));
    files.push({
      name: '28-implicit-garbage-in-sequence.dcm',
      sopInstanceUid: implicit.uid,
      about: 'implicit VR: Referenced Image Sequence of 16 bytes that are not an item',
      tolerant: { sent: true },
      serverRefuses: /^refused by the server, sent alone \(HTTP 400 Bad Request\)/,
    });
    // With explicit VR the element says SQ: the scan walks it and says where it breaks.
    await skipped('29-explicit-garbage-in-sequence.dcm', 'explicit VR: the same sequence', /^malformed: the sequence \(0008,1140\) at byte \d+ holds \(4241,4443\) at byte \d+ where an item \(FFFE,E000\) must be$/, make('29'), (b) => {
      const where = findTag(b, 0x0010, 0x0010, metaEnd(b));
      return Buffer.concat([b.subarray(0, where), explicitElement(0x0008, 0x1140, 'SQ', garbage), b.subarray(where)]);
    });
  }
  await rm(work, { recursive: true, force: true });
  return files;
}
