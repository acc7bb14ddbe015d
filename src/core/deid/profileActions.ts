import { EXTENSION_TABLE_TEXT } from './profileExtensions';
import { PROFILE_TABLE_TEXT } from './profileTable';

/** What the rewriter does with one attribute. */
export type ActionKind =
  | 'remove'
  | 'empty'
  | 'dummy'
  | 'uid'
  /** Keep the attribute; a sequence is still walked so the profile applies inside it. */
  | 'keep'
  /** Clean Descriptors Option: keep the text with this instance's identifying values masked. */
  | 'clean';

export interface DeidOptions {
  /** Clean Descriptors Option (PS3.15 E.3.5): descriptions kept, cleaned, instead of removed. */
  readonly cleanDescriptors: boolean;
  /** Retain Longitudinal Temporal Information with Full Dates Option (PS3.15 E.3.6). */
  readonly retainDates: boolean;
}

export const BASIC_OPTIONS: DeidOptions = { cleanDescriptors: false, retainDates: false };

export interface ProfileRow {
  /** 8 hex digits, upper case; XX marks a repeating group. */
  readonly tag: string;
  readonly vr: string;
  /** The Basic Profile column as written: X, Z, D, U, X/Z, X/D, Z/D, X/Z/D, X/Z/U*. */
  readonly basic: string;
  readonly cleanDescriptors: boolean;
  readonly retainDates: boolean;
  readonly keyword: string;
}

export interface ResolvedAction {
  readonly kind: ActionKind;
  /** The dictionary VR from the table (for dummies when the file has implicit VR). */
  readonly vr: string;
  readonly keyword: string;
}

function parseRows(text: string): ProfileRow[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [tag, vr, basic, options, keyword] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return { tag, vr, basic, cleanDescriptors: options.includes('c'), retainDates: options.includes('k'), keyword };
    });
}

/** Table E.1-1 as transcribed. */
export const PROFILE_ROWS: readonly ProfileRow[] = parseRows(PROFILE_TABLE_TEXT);
/** Our additions beyond the table (profileExtensions.ts). */
export const EXTENSION_ROWS: readonly ProfileRow[] = parseRows(EXTENSION_TABLE_TEXT);

const exact = new Map<number, ProfileRow>();
const repeating: { mask: number; value: number; row: ProfileRow }[] = [];
for (const row of [...PROFILE_ROWS, ...EXTENSION_ROWS]) {
  if (row.tag.includes('X')) {
    const mask = parseInt(row.tag.replace(/[0-9A-F]/g, 'F').replace(/X/g, '0'), 16) >>> 0;
    const value = parseInt(row.tag.replace(/X/g, '0'), 16) >>> 0;
    repeating.push({ mask, value, row });
  } else {
    exact.set(parseInt(row.tag, 16) >>> 0, row);
  }
}

export function profileRow(tag: number): ProfileRow | undefined {
  const row = exact.get(tag);
  if (row) return row;
  // Curves (50xx,xxxx) and overlays (60xx,3000 / 60xx,4000) are even groups 0x5000-0x50FF, 0x6000-0x60FF.
  return repeating.find((r) => (tag & r.mask) >>> 0 === r.value && ((tag >>> 16) & 1) === 0)?.row;
}

/**
 * The profile's combinations name the stricter action "unless required to maintain IOD
 * conformance". The rewriter does not know every IOD's attribute types, so it always picks the
 * choice that stays conformant whatever the type: X/Z -> Z (an empty Type 2 or 3 is legal),
 * X/D, Z/D and X/Z/D -> D (a dummy also satisfies Type 1; for a sequence, an empty sequence),
 * X/Z/U* -> keep the sequence and replace the UIDs inside it.
 */
export function resolveBasic(basic: string, isSequence: boolean): ActionKind {
  switch (basic) {
    case 'X':
      return 'remove';
    case 'Z':
    case 'X/Z':
      return 'empty';
    case 'U':
      return 'uid';
    case 'X/Z/U*':
      return 'keep';
    case 'D':
      // A dummy sequence is the same sequence with the profile applied to its items.
      return isSequence ? 'keep' : 'dummy';
    case 'X/D':
    case 'Z/D':
      return isSequence ? 'keep' : 'dummy';
    case 'X/Z/D':
      return isSequence ? 'empty' : 'dummy';
    default:
      throw new Error(`unknown Basic Profile action '${basic}'`);
  }
}

/** The action for one attribute, or undefined when the profile leaves it alone. */
export function actionFor(tag: number, isSequence: boolean, options: DeidOptions): ResolvedAction | undefined {
  if (((tag >>> 16) & 1) === 1) return { kind: 'remove', vr: 'UN', keyword: 'private attribute' };
  const row = profileRow(tag);
  if (!row) return undefined;
  const base = { vr: row.vr, keyword: row.keyword };
  if (options.retainDates && row.retainDates) return { kind: 'keep', ...base };
  if (options.cleanDescriptors && row.cleanDescriptors) return { kind: isSequence ? 'keep' : 'clean', ...base };
  return { kind: resolveBasic(row.basic, isSequence), ...base };
}
