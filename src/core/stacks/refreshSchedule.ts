/** Bounds of the explorer's automatic refresh while stacks are changing. */
export const REFRESH_FAST_MS = 3_000;
export const REFRESH_SLOW_MS = 30_000;

export interface RefreshState {
  readonly anyInProgress: boolean;
  /** Whether the last refresh saw any stack status or update time change. */
  readonly changed: boolean;
  readonly previousDelayMs?: number;
}

/**
 * Delay before the next automatic refresh, or undefined when nothing is in progress (then the view
 * refreshes only on demand). Fast while stacks change, doubling towards the slow bound when quiet.
 */
export function nextRefreshDelay(state: RefreshState): number | undefined {
  if (!state.anyInProgress) return undefined;
  if (state.changed || state.previousDelayMs === undefined) return REFRESH_FAST_MS;
  return Math.min(REFRESH_SLOW_MS, state.previousDelayMs * 2);
}

/** A cheap fingerprint of what the explorer shows, to tell whether a refresh changed anything. */
export function inventoryFingerprint(stacks: readonly { stackId: string; status: string; updatedAt?: string }[]): string {
  return stacks.map((s) => `${s.stackId}|${s.status}|${s.updatedAt ?? ''}`).join('\n');
}
