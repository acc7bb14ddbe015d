/**
 * Dummy values for the profile's D action: valid for their VR, obviously not real, and the same for
 * every instance (so they carry no information).
 */
const DUMMY_TEXT: Readonly<Record<string, string>> = {
  AE: 'ANONYMIZED',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  PN: 'ANONYMIZED',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  TM: '000000',
  UC: 'ANONYMIZED',
  UR: '',
  UT: 'ANONYMIZED',
};

/** The dummy text for a text VR (binary VRs are zeroed by the rewriter instead). */
export function dummyText(vr: string): string {
  return DUMMY_TEXT[vr] ?? '';
}

export function isTextVr(vr: string): boolean {
  return vr in DUMMY_TEXT || vr === 'UI';
}
