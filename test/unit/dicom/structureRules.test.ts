import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { checkFile } from '../../../src/core/dicom/checkFile';
import { writeFileMeta } from '../../../src/core/dicom/metaHeader';
import { DEFAULT_HEADER_LIMITS, readDicomHeader, type HeaderResult } from '../../../src/core/dicom/readHeader';
import { explicitElement } from './hostileFiles';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const RLE = '1.2.840.10008.1.2.5';
const EXPLICIT = '1.2.840.10008.1.2.1';
const UID = '1.2.826.0.1.3680043.9.7433.1.1';

const identity = (uid = UID) =>
  Buffer.concat([
    explicitElement(0x0008, 0x0016, 'UI', CT),
    explicitElement(0x0008, 0x0018, 'UI', uid),
    explicitElement(0x0020, 0x000d, 'UI', '1.2.826.0.1.3680043.9.7433.1'),
    explicitElement(0x0020, 0x000e, 'UI', '1.2.826.0.1.3680043.9.7433.1.0'),
  ]);
const item = (content: Buffer, tag = 0xe000) => {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0xfffe, 0);
  header.writeUInt16LE(tag, 2);
  header.writeUInt32LE(content.length, 4);
  return Buffer.concat([header, content]);
};
const delimiter = () => item(Buffer.alloc(0), 0xe0dd);
/** Encapsulated pixel data: (7FE0,0010) OB of undefined length, offset table, fragments, delimiter. */
const encapsulated = (offsetTable: Buffer, fragments: Buffer[]) => Buffer.concat([explicitElement(0x7fe0, 0x0010, 'OB', Buffer.alloc(0), 0xffffffff), item(offsetTable), ...fragments.map((f) => item(f)), delimiter()]);
const part10 = (dataSet: Buffer, transferSyntaxUid = EXPLICIT) => Buffer.concat([writeFileMeta({ sopClassUid: CT, sopInstanceUid: UID, transferSyntaxUid }), dataSet]);
const frame = Buffer.alloc(64, 7);

describe('the structure rules of the scan (PS3.5 / PS3.10), one built file each', () => {
  let dir: string;
  let n = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rules-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));
  const read = async (bytes: Buffer): Promise<HeaderResult> => {
    const path = join(dir, `${++n}.dcm`);
    await writeFile(path, bytes);
    return readDicomHeader(path, bytes.length);
  };
  const ok = async (bytes: Buffer) => {
    const result = await read(bytes);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    return result.header;
  };
  const refused = async (bytes: Buffer) => {
    const result = await read(bytes);
    assert.ok(!result.ok, 'refused');
    return result.reason;
  };

  it('encapsulated pixel data with a Basic Offset Table with entries, or empty, and empty fragments', async () => {
    const table = Buffer.alloc(8);
    table.writeUInt32LE(72, 4);
    for (const pixels of [encapsulated(table, [frame, frame]), encapsulated(Buffer.alloc(0), [frame, Buffer.alloc(0), frame]), encapsulated(Buffer.alloc(0), [])]) {
      const h = await ok(part10(Buffer.concat([identity(), pixels]), RLE));
      assert.equal(h.sopInstanceUid, UID);
      assert.equal(h.trailing, undefined);
    }
  });

  it('Data Set Trailing Padding (FFFC,FFFC) and other elements after the pixel data', async () => {
    const pixels = encapsulated(Buffer.alloc(0), [frame]);
    await ok(part10(Buffer.concat([identity(), pixels, explicitElement(0xfffc, 0xfffc, 'OB', Buffer.alloc(300))]), RLE));
    await ok(part10(Buffer.concat([identity(), explicitElement(0x7fe0, 0x0010, 'OB', frame), explicitElement(0xfffc, 0xfffc, 'OB', Buffer.alloc(10))])));
  });

  it('an odd-length last value, ending the file or followed by its uncounted padding byte (left out of the send)', async () => {
    const odd = explicitElement(0x7fe0, 0x0010, 'OB', Buffer.alloc(15, 1));
    const exact = part10(Buffer.concat([identity(), odd]));
    assert.equal((await ok(exact)).trailing, undefined);
    const padded = await ok(Buffer.concat([exact, Buffer.from([0])]));
    assert.deepEqual(padded.trailing?.dataSetEnd, exact.length);
    assert.match(padded.trailing?.note ?? '', /^1 byte\(s\) after the last element, from byte \d+ \(the padding byte of an odd-length last value/);
    const junk = await ok(Buffer.concat([exact, Buffer.from('garbage!', 'latin1')]));
    assert.match(junk.trailing?.note ?? '', /^8 byte\(s\) after the last element, from byte \d+, not a DICOM element: sent without them$/);
  });

  it('catches real truncation: a fragment cut short, a missing delimiter, a value or header cut off', async () => {
    const whole = part10(Buffer.concat([identity(), encapsulated(Buffer.alloc(0), [frame, frame])]), RLE);
    assert.match(await refused(whole.subarray(0, whole.length - 20)), /^truncated or malformed: the element \(FFFE,E000\) at byte \d+ claims 64 bytes, but the file ends at byte \d+$/);
    assert.match(await refused(whole.subarray(0, whole.length - 8)), /^truncated: the encapsulated pixel data at byte \d+ has no Sequence Delimitation Item: the file ends at byte \d+ after 3 fragment\(s\)$/);
    const native = part10(Buffer.concat([identity(), explicitElement(0x7fe0, 0x0010, 'OB', frame)]));
    assert.match(await refused(native.subarray(0, native.length - 1)), /^truncated or malformed: the element \(7FE0,0010\) at byte \d+ claims 64 bytes, but the file ends at byte \d+$/);
    assert.match(await refused(native.subarray(0, native.length - 64 - 6)), /^truncated: the file ends at byte \d+, inside an element header that starts at byte \d+$/);
  });

  it('says where a structure breaks: a bad VR, an item where none may be, bytes that are not items in a sequence', async () => {
    const badVr = Buffer.from(explicitElement(0x0010, 0x0010, 'PN', 'A^B'));
    badVr.write('Q!', 4, 'latin1');
    assert.match(await refused(part10(Buffer.concat([identity(), badVr]))), /^malformed: the element \(0010,0010\) at byte \d+ has no valid VR \(found 'Q!'\)$/);
    const sequence = explicitElement(0x0008, 0x1140, 'SQ', Buffer.from('ABCDEFGH', 'latin1'));
    assert.match(await refused(part10(Buffer.concat([identity(), sequence]))), /^malformed: the sequence \(0008,1140\) at byte \d+ holds \(4241,4443\) at byte \d+ where an item \(FFFE,E000\) must be$/);
    const undefinedOb = explicitElement(0x0009, 0x1010, 'OB', Buffer.alloc(0), 0xffffffff);
    assert.match(await refused(part10(Buffer.concat([identity(), undefinedOb]))), /^malformed: the element \(0009,1010\) \(OB\) at byte \d+ has an undefined length, which only sequences and pixel data may have$/);
  });

  it('walks nested sequences of defined and undefined length, and stops at a depth limit', async () => {
    const inner = explicitElement(0x0008, 0x1155, 'UI', '1.2.3');
    const sized = explicitElement(0x0008, 0x1140, 'SQ', item(inner));
    const delimited = Buffer.concat([explicitElement(0x0008, 0x1115, 'SQ', Buffer.alloc(0), 0xffffffff), item(Buffer.concat([sized])), delimiter()]);
    await ok(part10(Buffer.concat([identity(), delimited])));
    let deep = inner;
    for (let i = 0; i < DEFAULT_HEADER_LIMITS.maxDepth + 2; i++) deep = explicitElement(0x0040, 0xa730, 'SQ', item(deep));
    assert.match(await refused(part10(Buffer.concat([identity(), deep]))), /^malformed: sequences nested more than 32 deep at byte \d+$/);
  });

  it('reads a bare data set in each uncompressed syntax and a meta header without preamble, marking them for a written meta header', async () => {
    const implicit = (group: number, element: number, value: string) => {
      const header = Buffer.alloc(8);
      header.writeUInt16LE(group, 0);
      header.writeUInt16LE(element, 2);
      const padded = value.length % 2 ? `${value}\0` : value;
      header.writeUInt32LE(padded.length, 4);
      return Buffer.concat([header, Buffer.from(padded, 'latin1')]);
    };
    const bigEndian = (group: number, element: number, vr: string, value: string) => {
      const little = explicitElement(group, element, vr, value);
      little.writeUInt16BE(group, 0);
      little.writeUInt16BE(element, 2);
      little.writeUInt16BE(little.readUInt16LE(6), 6);
      return little;
    };
    const uids: [number, number, string][] = [[0x0008, 0x0016, CT], [0x0008, 0x0018, UID], [0x0020, 0x000d, '1.2.3'], [0x0020, 0x000e, '1.2.3.4']];
    const cases: [Buffer, string][] = [
      [Buffer.concat(uids.map(([g, e, v]) => implicit(g, e, v))), '1.2.840.10008.1.2'],
      [identity(), EXPLICIT],
      [Buffer.concat(uids.map(([g, e, v]) => bigEndian(g, e, 'UI', v))), '1.2.840.10008.1.2.2'],
    ];
    for (const [dataSet, syntax] of cases) {
      const h = await ok(dataSet);
      assert.deepEqual([h.transferSyntaxUid, h.sopInstanceUid, h.dataSetOffset, h.metaMissing], [syntax, UID, 0, 'it is a bare data set, without preamble, DICM marker or file meta header']);
    }
    const withMeta = part10(identity());
    const bare = await ok(withMeta.subarray(132));
    assert.equal(bare.metaMissing, undefined, 'a meta group without preamble is read as such');
    assert.deepEqual(bare.metaIssues, ["the file meta header has no 128-byte preamble and 'DICM' marker before it"]);
    assert.equal(bare.dataSetOffset, withMeta.length - 132 - identity().length);
    assert.match(await refused(Buffer.from('%PDF-1.7 not an image at all, and long enough to look at.', 'latin1')), /^not a DICOM file: no 'DICM' marker at byte 128, and it does not start like a DICOM data set either$/);
  });

  it('policy: inconsistent meta headers are warnings and get a written meta header (tolerant) or refusals (strict); unidentifiable instances are skipped either way', async () => {
    const mismatch = writeFileMeta({ sopClassUid: CT, sopInstanceUid: '1.2.3.999', transferSyntaxUid: EXPLICIT });
    const path = join(dir, 'mismatch.dcm');
    const bytes = Buffer.concat([mismatch, identity()]);
    await writeFile(path, bytes);
    const tolerant = await checkFile({ path, size: bytes.length }, { strict: false });
    assert.ok(!('reason' in tolerant));
    assert.deepEqual(tolerant.sendAs, { writeMeta: true, dataSetStart: mismatch.length, dataSetEnd: bytes.length });
    assert.match(tolerant.warnings?.[0] ?? '', /^Media Storage SOP Instance UID \(0002,0003\) 1\.2\.3\.999 differs from SOP Instance UID \(0008,0018\) .*: sent with a file meta header written by Imaging Lab$/);
    const strict = await checkFile({ path, size: bytes.length }, { strict: true });
    assert.match('reason' in strict ? strict.reason : '', /differs from SOP Instance UID .*\(strict mode\)$/);
    const noStudy = join(dir, 'no-study.dcm');
    const withoutStudy = part10(Buffer.concat([explicitElement(0x0008, 0x0016, 'UI', CT), explicitElement(0x0008, 0x0018, 'UI', UID), explicitElement(0x0020, 0x000e, 'UI', '1.2.3.4')]));
    await writeFile(noStudy, withoutStudy);
    for (const policy of [{ strict: false }, { strict: true }]) {
      const result = await checkFile({ path: noStudy, size: withoutStudy.length }, policy);
      assert.equal('reason' in result ? result.reason : '', 'Study Instance UID (0020,000D) is missing');
    }
  });

  it('deflated: reads the beginning of the inflated data set; a damaged stream is refused', async () => {
    const dataSet = Buffer.concat([identity(), explicitElement(0x7fe0, 0x0010, 'OB', Buffer.alloc(1000))]);
    const meta = writeFileMeta({ sopClassUid: CT, sopInstanceUid: UID, transferSyntaxUid: '1.2.840.10008.1.2.1.99' });
    const h = await ok(Buffer.concat([meta, deflateRawSync(dataSet)]));
    assert.equal(h.sopInstanceUid, UID);
    const cut = deflateRawSync(dataSet);
    assert.match(await refused(Buffer.concat([meta, cut.subarray(0, cut.length - 4)])), /^truncated or malformed: the deflated data set cannot be inflated \(unexpected end of file\)$/);
  });

  it('stops at the element limit of a file of millions of tiny elements', async () => {
    const tiny = Buffer.alloc(8);
    tiny.writeUInt16LE(0x0009, 0);
    tiny.writeUInt16LE(0x0010, 2);
    tiny.write('LO', 4, 'latin1');
    const path = join(dir, 'many.dcm');
    const bytes = Buffer.concat([part10(identity()), Buffer.alloc(8 * 1000).fill(tiny)]);
    await writeFile(path, bytes);
    const result = await readDicomHeader(path, bytes.length, { ...DEFAULT_HEADER_LIMITS, maxElements: 500 });
    assert.equal(result.ok ? '' : result.reason, 'malformed: more than 500 elements: too many to check (a damaged or hostile file)');
  });
});
