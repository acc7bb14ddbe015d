/**
 * A tiny synthetic, PHI-free DICOM Part 10 file (Secondary Capture, explicit VR little endian, 2x2
 * 8-bit pixels), so the harness can always offer a .dcm to right-click even without media/samples.
 */
function element(group: number, el: number, vr: string, value: Buffer): Buffer {
  const padded = value.length % 2 === 1 ? Buffer.concat([value, Buffer.from(vr === 'UI' || vr === 'OB' ? [0] : [0x20])]) : value;
  const longForm = ['OB', 'OW', 'UN', 'SQ', 'UT'].includes(vr);
  const header = Buffer.alloc(longForm ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(el, 2);
  header.write(vr, 4, 'latin1');
  if (longForm) header.writeUInt32LE(padded.length, 8);
  else header.writeUInt16LE(padded.length, 6);
  return Buffer.concat([header, padded]);
}

const text = (s: string) => Buffer.from(s, 'latin1');
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

export function minimalDicom(): Buffer {
  const sopClass = '1.2.840.10008.5.1.4.1.1.7';
  const sopInstance = '2.25.1234567890123456789012345';
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text(sopClass)),
    element(0x0002, 0x0003, 'UI', text(sopInstance)),
    element(0x0002, 0x0010, 'UI', text('1.2.840.10008.1.2.1')),
    element(0x0002, 0x0012, 'UI', text('2.25.99')),
  ]);
  const groupLength = element(0x0002, 0x0000, 'UL', (() => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(meta.length);
    return b;
  })());
  const dataset = Buffer.concat([
    element(0x0008, 0x0016, 'UI', text(sopClass)),
    element(0x0008, 0x0018, 'UI', text(sopInstance)),
    element(0x0008, 0x0060, 'CS', text('OT')),
    element(0x0010, 0x0010, 'PN', text('PHANTOM^TEST')),
    element(0x0010, 0x0020, 'LO', text('PHANTOM-1')),
    element(0x0020, 0x000d, 'UI', text('2.25.1234567890123456789012346')),
    element(0x0020, 0x000e, 'UI', text('2.25.1234567890123456789012347')),
    element(0x0028, 0x0002, 'US', u16(1)),
    element(0x0028, 0x0004, 'CS', text('MONOCHROME2')),
    element(0x0028, 0x0010, 'US', u16(2)),
    element(0x0028, 0x0011, 'US', u16(2)),
    element(0x0028, 0x0100, 'US', u16(8)),
    element(0x0028, 0x0101, 'US', u16(8)),
    element(0x0028, 0x0102, 'US', u16(7)),
    element(0x0028, 0x0103, 'US', u16(0)),
    element(0x7fe0, 0x0010, 'OB', Buffer.from([0, 64, 128, 255])),
  ]);
  return Buffer.concat([Buffer.alloc(128), text('DICM'), groupLength, meta, dataset]);
}
