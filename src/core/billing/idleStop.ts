// Plain data and text only: tree nodes import this at activation, so it must not load an SDK client.

/** An instance its idle alarm stopped (and nobody started since). */
export interface IdleStop {
  readonly instanceId: string;
  readonly alarmName: string;
  readonly stoppedAt: string;
  /** What "idle" meant: below this percent for this many minutes. */
  readonly thresholdPercent?: number;
  readonly minutes?: number;
}

/** "stopped for being idle (below 10% for 60 min) at 18:02" style text for tree nodes. */
export function idleStopText(stop: IdleStop): string {
  const rule = stop.thresholdPercent !== undefined && stop.minutes !== undefined ? ` (activity below ${stop.thresholdPercent}% for ${stop.minutes} min)` : '';
  return `stopped for being idle${rule} at ${stop.stoppedAt.replace('T', ' ').slice(0, 16)} UTC`;
}
