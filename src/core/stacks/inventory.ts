import type { AwsSession } from '../aws/session';
import { friendlyAwsError, type FriendlyAwsError } from '../aws/errors';
import { KIND_IDS, type StackKind } from '../catalog/kindIds';
import { listStacks } from './listStacks';
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

/** Queries all regions concurrently; one region failing never hides the others. */
export async function loadInventory(session: AwsSession, signal?: AbortSignal): Promise<Inventory> {
  const results = await Promise.allSettled(session.regions.map((region) => listStacks(session.clients, region, signal)));
  const stacks: StackInfo[] = [];
  const failures: RegionFailure[] = [];
  results.forEach((result, i) => {
    const region = session.regions[i] ?? '';
    if (result.status === 'fulfilled') stacks.push(...result.value);
    else failures.push({ region, error: friendlyAwsError(result.reason, { profile: session.profile, region, action: 'cloudformation:DescribeStacks' }) });
  });
  signal?.throwIfAborted();
  stacks.sort((a, b) => a.stackName.localeCompare(b.stackName) || a.region.localeCompare(b.region));
  return { stacks, failures, fetchedAt: new Date().toISOString() };
}

export const KIND_ORDER: readonly StackKind[] = [...KIND_IDS, 'other'];

/** Stacks grouped by kind in display order; kinds without stacks are left out. */
export function groupByKind(stacks: readonly StackInfo[]): { kind: StackKind; stacks: StackInfo[] }[] {
  return KIND_ORDER.map((kind) => ({ kind, stacks: stacks.filter((s) => s.kind === kind) })).filter((g) => g.stacks.length > 0);
}

/** True when every region failed for the same credential reason (so the view shows the welcome, not N error nodes). */
export function credentialFailure(inventory: Inventory): FriendlyAwsError | undefined {
  if (inventory.stacks.length > 0 || inventory.failures.length === 0) return undefined;
  const first = inventory.failures[0]?.error;
  const credential = (c: string) => c === 'no-credentials' || c === 'expired' || c === 'invalid-credentials';
  return first && inventory.failures.every((f) => credential(f.error.category)) ? first : undefined;
}
