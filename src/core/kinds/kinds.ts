import type { KindDisplay, KindRecord } from './kindTypes';
import { LAB_KIND } from './lab/labKind';
import { MDE_KIND } from './mde/mdeKind';
import { ORTHANC_KIND } from './orthanc/orthancKind';
import { STOWRS_KIND } from './stowrs/stowrsKind';
import { TATOR_KIND } from './tator/tatorKind';

/** THE list of kinds, in the order the UI shows them. Adding a kind: see src/core/kinds/README.md. */
const LIST = [MDE_KIND, ORTHANC_KIND, STOWRS_KIND, LAB_KIND, TATOR_KIND] as const;

export type KindId = (typeof LIST)[number]['id'];
export const KINDS: readonly KindRecord<KindId>[] = LIST;
/** A stack that is not one of ours is shown under "Other". */
export type StackKind = KindId | 'other';

export const KIND_IDS: readonly KindId[] = KINDS.map((k) => k.id);

const OTHER_DISPLAY: KindDisplay = { label: 'Other', icon: 'layers', summary: 'Stacks not made from an Imaging Lab template' };

export function isKindId(value: string | undefined): value is KindId {
  return value !== undefined && (KIND_IDS as readonly string[]).includes(value);
}

export function kindRecord(kind: KindId): KindRecord<KindId> {
  const record = KINDS.find((k) => k.id === kind);
  if (!record) throw new Error(`Unknown kind '${kind}'.`);
  return record;
}

/** The record of a stack's kind; undefined for 'other' and any unknown value. */
export function recordOf(kind: string | undefined): KindRecord<KindId> | undefined {
  return isKindId(kind) ? kindRecord(kind) : undefined;
}

export function kindDisplay(kind: StackKind): KindDisplay {
  return recordOf(kind)?.display ?? OTHER_DISPLAY;
}

export function kindLabel(kind: StackKind): string {
  return kindDisplay(kind).label;
}

/** Kinds whose template ships with the extension (the others are listed as "coming"). */
export function deployableKinds(): KindRecord<KindId>[] {
  return KINDS.filter((k) => k.templateFile !== undefined);
}
