import type { FriendlyAwsError } from '../aws/errors';
import { KIND_IDS, type StackKind } from '../kinds/kinds';
import type { StackInfo } from './stackInfo';

export interface RegionFailure {
  readonly region: string;
  readonly error: FriendlyAwsError;
}

/** What the explorer and `imaging-lab stacks` show: every stack of every chosen region. */
export interface Inventory {
  readonly stacks: readonly StackInfo[];
  /** Regions that could not be listed; the others are still shown. */
  readonly failures: readonly RegionFailure[];
  readonly fetchedAt: string;
}

export const KIND_ORDER: readonly StackKind[] = [...KIND_IDS, 'other'];

/** Stacks grouped by kind in display order; kinds without stacks are left out. */
export function groupByKind(stacks: readonly StackInfo[]): { kind: StackKind; stacks: StackInfo[] }[] {
  return KIND_ORDER.map((kind) => ({ kind, stacks: stacks.filter((s) => s.kind === kind) })).filter((g) => g.stacks.length > 0);
}

/** The shared credential problem when every region failed for one (then the view shows the welcome, not N error nodes). */
export function credentialFailure(inventory: Inventory): FriendlyAwsError | undefined {
  if (inventory.stacks.length > 0 || inventory.failures.length === 0) return undefined;
  const first = inventory.failures[0]?.error;
  const credential = (c: string) => c === 'no-credentials' || c === 'expired' || c === 'invalid-credentials';
  return first && inventory.failures.every((f) => credential(f.error.category)) ? first : undefined;
}
