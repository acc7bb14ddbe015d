/** "45s", "3m 12s", "1h 05m". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

/** An estimate needs no seconds once it is minutes away: "about 12 min left". */
export function remaining(seconds: number): string {
  if (seconds <= 0) return 'finishing';
  if (seconds < 90) return `about ${Math.max(5, Math.round(seconds / 5) * 5)}s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** Local wall-clock time of an event: "14:02:13". */
export function clock(ms: number): string {
  return CLOCK.format(ms);
}

/** Axis steps: the first that gives at most eight ticks over the span. */
const STEPS_S = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

export function axisStep(spanMs: number): number {
  return (STEPS_S.find((s) => (spanMs / 1000) / s <= 8) ?? 7200) * 1000;
}

/** Where a running operation's axis ends: the next whole step past now, so bars do not shift every second. */
export function axisEnd(start: number, end: number | undefined, now: number): number {
  if (end !== undefined) return Math.max(end, start + 1000);
  const span = Math.max(60_000, now - start);
  const step = axisStep(span * 1.15);
  return start + Math.ceil((span * 1.1) / step) * step;
}

export function tickLabel(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s === 0) return '0';
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60}m`;
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
