import type { KindCatalogEntry } from './catalogTypes';
import { TAG_KIND, TAG_VERSION, type KindId } from './kindIds';
import { LAB_ENTRY } from './kinds/lab';
import { MDE_ENTRY } from './kinds/mde';
import { ORTHANC_ENTRY } from './kinds/orthanc';
import { STOWRS_ENTRY } from './kinds/stowrs';
import { TATOR_ENTRY } from './kinds/tator';

/** Everything the extension knows about each kind; the deploy wizard itself is generated from the template. */
export const CATALOG: Readonly<Record<KindId, KindCatalogEntry>> = {
  mde: MDE_ENTRY,
  orthanc: ORTHANC_ENTRY,
  stowrs: STOWRS_ENTRY,
  lab: LAB_ENTRY,
  tator: TATOR_ENTRY,
};

export function catalogEntry(kind: KindId): KindCatalogEntry {
  return CATALOG[kind];
}

/** Kinds whose template ships with the extension (the others are listed as "coming"). */
export function deployableKinds(): KindCatalogEntry[] {
  return Object.values(CATALOG).filter((e) => e.templateFile !== undefined);
}

/** Version of the stack contract (design.md §2) that the shipped templates implement. */
export const CONTRACT_VERSION = '1';

/**
 * Stack tags the deploy path passes to CreateStack: a template cannot tag its own stack, and the
 * stack explorer groups stacks by these tags.
 */
export function contractStackTags(kind: KindId): { Key: string; Value: string }[] {
  return [
    { Key: TAG_KIND, Value: kind },
    { Key: TAG_VERSION, Value: CONTRACT_VERSION },
  ];
}
