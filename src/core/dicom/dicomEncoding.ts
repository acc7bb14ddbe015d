/** How a data set is encoded (PS3.5 §7.1): explicit or implicit VR, little or big endian. */
export interface Syntax {
  readonly explicit: boolean;
  readonly little: boolean;
}

export const IMPLICIT_LITTLE: Syntax = { explicit: false, little: true };
export const EXPLICIT_LITTLE: Syntax = { explicit: true, little: true };
export const EXPLICIT_BIG: Syntax = { explicit: true, little: false };

/** VRs whose explicit encoding has 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1). */
const LONG_FORM = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const SHORT_FORM = new Set(['AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'PN', 'SH', 'SL', 'SS', 'ST', 'TM', 'UI', 'UL', 'US']);

export function isKnownVr(vr: string): boolean {
  return LONG_FORM.has(vr) || SHORT_FORM.has(vr);
}

export function hasLongLength(vr: string): boolean {
  return LONG_FORM.has(vr);
}

/** Length value meaning "undefined length" (delimited by items). */
export const UNDEFINED_LENGTH = 0xffffffff;

export const tagOf = (group: number, element: number): number => ((group << 16) | element) >>> 0;

export const TAG = {
  groupLength: tagOf(0x0002, 0x0000),
  mediaStorageSopClass: tagOf(0x0002, 0x0002),
  mediaStorageSopInstance: tagOf(0x0002, 0x0003),
  transferSyntax: tagOf(0x0002, 0x0010),
  implementationClass: tagOf(0x0002, 0x0012),
  sopClass: tagOf(0x0008, 0x0016),
  sopInstance: tagOf(0x0008, 0x0018),
  studyInstance: tagOf(0x0020, 0x000d),
  seriesInstance: tagOf(0x0020, 0x000e),
  pixelData: tagOf(0x7fe0, 0x0010),
  item: tagOf(0xfffe, 0xe000),
  itemDelimiter: tagOf(0xfffe, 0xe00d),
  sequenceDelimiter: tagOf(0xfffe, 0xe0dd),
} as const;

/** "(0008,0018)", the way DICOM people write tags. */
export function formatTag(tag: number): string {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return `(${hex(tag >>> 16)},${hex(tag & 0xffff)})`;
}

export const groupOf = (tag: number): number => tag >>> 16;
