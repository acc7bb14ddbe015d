import { actionFor, BASIC_OPTIONS } from '../deid/profileActions';

/** Why an attribute looks like identity, in a few words (shown next to it), or undefined. */
export function identityReason(tag: number, vr: string, hasValue: boolean, value?: string): string | undefined {
  if (((tag >>> 16) & 1) === 1) return (tag & 0xffff) < 0x100 && (tag & 0xff00) === 0 ? 'private creator' : 'private attribute';
  if (tag === 0x00280301) return value?.trim().toUpperCase() === 'YES' ? 'burned-in annotation: the pixels show text' : undefined;
  if (!hasValue) return undefined;
  if (tag === 0x00100010 || tag === 0x00100020) return `PS3.15 Annex E: ${tag === 0x00100010 ? 'PatientName' : 'PatientID'} (replaced by the project's pseudonym when de-identified)`;
  const action = actionFor(tag, vr === 'SQ', BASIC_OPTIONS);
  if (!action || action.kind === 'keep' || action.kind === 'uid') return undefined;
  return `PS3.15 Annex E: ${action.keyword} (${action.kind === 'remove' ? 'removed' : action.kind === 'empty' ? 'emptied' : 'replaced'} when de-identified)`;
}

export type BurnedIn = 'YES' | 'NO' | 'unknown';

/** The one-line summary at the top of the preview: "7 identifying attributes; burned-in annotation: unknown". */
export function identitySummary(flagged: number, burnedIn: BurnedIn): string {
  return `${flagged} identifying attribute${flagged === 1 ? '' : 's'}; burned-in annotation: ${burnedIn}`;
}

export function burnedInState(value: string | undefined): BurnedIn {
  const v = value?.trim().toUpperCase();
  return v === 'YES' ? 'YES' : v === 'NO' ? 'NO' : 'unknown';
}
