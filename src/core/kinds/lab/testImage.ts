import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data, and the CRC-32 of type and data (zlib's crc32: Node 20.15+, VS Code's host included). */
function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const frame = Buffer.alloc(8);
  frame.writeUInt32BE(data.length, 0);
  frame.writeUInt32BE(crc32(typed), 4);
  return Buffer.concat([frame.subarray(0, 4), typed, frame.subarray(4)]);
}

/**
 * A small synthetic RGB PNG (a diagonal gradient, no patient data) for "Upload Test Image": what
 * the lab handout's notebook cell made with Pillow, without needing Pillow here.
 */
export function testImagePng(size = 64): Buffer {
  if (!Number.isInteger(size) || size < 1 || size > 1024) throw new Error(`A test image of ${size} pixels is not offered (1-1024).`);
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const at = y * (1 + size * 3);
    for (let x = 0; x < size; x++) {
      rows[at + 1 + x * 3] = Math.round((255 * x) / size);
      rows[at + 2 + x * 3] = Math.round((255 * y) / size);
      rows[at + 3 + x * 3] = 128;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
