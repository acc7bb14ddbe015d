import type { ByteSource } from './byteSource';
import { EXPLICIT_BIG, EXPLICIT_LITTLE, IMPLICIT_LITTLE, isKnownVr, type Syntax } from './dicomEncoding';
import { DEFLATED_EXPLICIT_LITTLE, EXPLICIT_BIG_UID, EXPLICIT_LITTLE_UID, IMPLICIT_LITTLE_UID } from './transferSyntax';

/**
 * The encoding of a data set that comes without a transfer syntax, from its first element: a data
 * set starts with group 0008 (Identifying), so the group reads 0x0008 in the right byte order, and
 * an explicit VR shows as two letters of a known VR after the tag (PS3.5 §7.1).
 */
export async function detectSyntax(src: ByteSource, start: number): Promise<Syntax | undefined> {
  if (start + 8 > src.length) return undefined;
  const b = await src.bytes(start, 8);
  const explicit = isKnownVr(b.toString('latin1', 4, 6));
  if (b.readUInt16LE(0) === 0x0008) return explicit ? EXPLICIT_LITTLE : IMPLICIT_LITTLE;
  if (b.readUInt16BE(0) === 0x0008 && explicit) return EXPLICIT_BIG;
  return undefined;
}

/** The syntax a transfer syntax UID encodes its data set in (every compressed one uses explicit VR little endian). */
export function syntaxOf(transferSyntaxUid: string): Syntax {
  if (transferSyntaxUid === IMPLICIT_LITTLE_UID) return IMPLICIT_LITTLE;
  if (transferSyntaxUid === EXPLICIT_BIG_UID) return EXPLICIT_BIG;
  return EXPLICIT_LITTLE;
}

export function uidOf(syntax: Syntax): string {
  if (!syntax.explicit) return IMPLICIT_LITTLE_UID;
  return syntax.little ? EXPLICIT_LITTLE_UID : EXPLICIT_BIG_UID;
}

export function isDeflated(transferSyntaxUid: string | undefined): boolean {
  return transferSyntaxUid === DEFLATED_EXPLICIT_LITTLE;
}
