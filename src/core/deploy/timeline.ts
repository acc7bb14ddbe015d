import type { ProgressState, ResourcePhase, ResourceRow } from './progressTypes';
import { isConsequence, rootCause } from './rootCause';

/** How a phase ended, as the timeline colours it. */
export type SegmentOutcome = 'running' | 'done' | 'failed' | 'cancelled' | 'removed' | 'kept' | 'reverted';

export interface TimelineSegment {
  readonly action: string;
  readonly start: number;
  /** Undefined while the phase runs. */
  readonly end?: number;
  readonly outcome: SegmentOutcome;
  readonly status?: string;
  readonly reason?: string;
  /** The time the resource waited for its cfn-signal (end undefined while it still waits). */
  readonly signalWait?: { readonly start: number; readonly end?: number };
  readonly critical: boolean;
}

/** One resource: from its first IN_PROGRESS event to its final event. */
export interface TimelineBar {
  readonly logicalId: string;
  readonly type: string;
  readonly start: number;
  readonly end?: number;
  readonly outcome: SegmentOutcome;
  readonly segments: readonly TimelineSegment[];
  readonly critical: boolean;
  /** Its place in the failure chain: 0 is the first resource that failed, the last is the root cause. */
  readonly failureStep?: number;
  /** The bar whose failure this one's (a cancellation) follows from. */
  readonly causedBy?: string;
}

export interface TimelineLayout {
  readonly start: number;
  /** When the operation finished; undefined while it runs. */
  readonly end?: number;
  /** Resources that have started, by start time (template order among equals). */
  readonly bars: readonly TimelineBar[];
  /** The chain of resources that decided the total time, first to last. */
  readonly criticalPath: readonly string[];
  /** From the first resource that failed to the one its reason points at (the root cause last). */
  readonly failureChain: readonly string[];
}

/** A phase this close to the operation's start began with it (nothing before it held it back). */
const START_SLACK_MS = 3000;
/** Event times are exact: what a resource waited for ended before it began (a little clock jitter aside). */
const ORDER_TOLERANCE_MS = 250;
/** A longer unexplained pause ends the critical path (something outside the stack held it). */
const MAX_GAP_MS = 90_000;

export function segmentOutcome(phase: ResourcePhase): SegmentOutcome {
  const status = phase.status;
  if (status === undefined) return 'running';
  if (status.endsWith('_FAILED')) return isConsequence(phase.reason ?? '') ? 'cancelled' : 'failed';
  if (status === 'DELETE_SKIPPED') return 'kept';
  if (phase.action.includes('ROLLBACK')) return 'reverted';
  if (phase.action === 'DELETE') return 'removed';
  return 'done';
}

function barOutcome(segments: readonly TimelineSegment[]): SegmentOutcome {
  if (segments.some((s) => s.outcome === 'failed')) return 'failed';
  if (segments.some((s) => s.outcome === 'cancelled')) return 'cancelled';
  return segments.at(-1)?.outcome ?? 'running';
}

interface Node {
  readonly row: ResourceRow;
  readonly segment: number;
  readonly start: number;
  readonly end: number;
  readonly action: string;
}

/** Resources that depend on each one (a delete waits for them instead). */
function dependentsOf(rows: readonly ResourceRow[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const r of rows) for (const d of r.dependsOn ?? []) result.set(d, (result.get(d) ?? new Set()).add(r.logicalId));
  return result;
}

/**
 * Walks back from the phase that ended last: each step goes to the phase that ended last before this
 * one began, among the resources it waits for when the template says (else among all resources).
 */
function criticalNodes(rows: readonly ResourceRow[], start: number, now: number): Node[] {
  const nodes: Node[] = rows.flatMap((row) =>
    row.phases.map((p, segment) => ({ row, segment, start: p.startedAt, end: p.endedAt ?? Math.max(now, p.startedAt), action: p.action })),
  );
  const dependents = dependentsOf(rows);
  const better = (a: Node, b: Node) => a.end > b.end || (a.end === b.end && a.end - a.start > b.end - b.start);
  let current = nodes.reduce<Node | undefined>((best, n) => (!best || better(n, best) ? n : best), undefined);
  const path: Node[] = [];
  while (current && !path.includes(current)) {
    path.push(current);
    const cur: Node = current;
    if (cur.start - start <= START_SLACK_MS) break;
    const candidates = nodes.filter(
      (c) => c !== cur && c.end <= cur.start + ORDER_TOLERANCE_MS && c.end >= cur.start - MAX_GAP_MS && !(c.row === cur.row && c.segment >= cur.segment),
    );
    const known = cur.row.dependsOn === undefined ? undefined : new Set(cur.action === 'DELETE' ? (dependents.get(cur.row.logicalId) ?? []) : cur.row.dependsOn);
    const waitedFor = known ? candidates.filter((c) => known.has(c.row.logicalId)) : [];
    current = (waitedFor.length > 0 ? waitedFor : candidates).reduce<Node | undefined>((best, n) => (!best || better(n, best) ? n : best), undefined);
  }
  return path.reverse();
}

/** Resources a failure reason points at: "failed to create: [A, B]", or a physical id such as i-0abc. */
function pointsAt(reason: string, row: ResourceRow): boolean {
  const listed = /\[([^\]]*)\]/.exec(reason)?.[1]?.split(/,\s*/) ?? [];
  if (listed.includes(row.logicalId)) return true;
  const id = row.physicalId;
  return id !== undefined && id.length >= 6 && new RegExp(`(^|[^A-Za-z0-9-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9-])`).test(reason);
}

function failureReason(row: ResourceRow): string {
  return [...row.phases].reverse().find((p) => p.status?.endsWith('_FAILED'))?.reason ?? '';
}

/** The first resource that failed, then each resource its reason points at (it holds the cause). */
function failureChainOf(state: ProgressState, started: readonly ResourceRow[]): string[] {
  const first = rootCause(state);
  const head = first && started.find((r) => r.logicalId === first.logicalId);
  if (!head) return [];
  const chain = [head];
  for (let row: ResourceRow | undefined = head; row; ) {
    const reason: string = failureReason(row);
    const next: ResourceRow | undefined = started.find((r) => !chain.includes(r) && pointsAt(reason, r));
    if (!next) break;
    chain.push(next);
    row = next.phases.some((p) => p.status?.endsWith('_FAILED')) ? next : undefined;
  }
  return chain.map((r) => r.logicalId);
}

/**
 * The timeline of an operation as plain data: one bar per resource that has started, its phases
 * coloured by outcome, the signal wait marked, the critical path and the failure chain flagged.
 * Running phases have no end; the page draws them up to its own clock.
 */
export function timelineLayout(state: ProgressState, now: number): TimelineLayout {
  const started = state.rows.map((row, order) => ({ row, order })).filter(({ row }) => row.phases.length > 0);
  started.sort((a, b) => (a.row.phases[0]?.startedAt ?? 0) - (b.row.phases[0]?.startedAt ?? 0) || a.order - b.order);
  const rows = started.map((s) => s.row);
  const first = Math.min(state.startedAt, ...rows.map((r) => r.phases[0]?.startedAt ?? state.startedAt));
  const critical = criticalNodes(rows, first, state.finishedAt ?? now);
  const chain = failureChainOf(state, rows);
  const bars = rows.map((row): TimelineBar => {
    const segments = row.phases.map((p, i): TimelineSegment => ({
      action: p.action,
      start: p.startedAt,
      ...(p.endedAt !== undefined ? { end: p.endedAt } : {}),
      outcome: segmentOutcome(p),
      ...(p.status ? { status: p.status } : {}),
      ...(p.reason ? { reason: p.reason } : {}),
      ...(p.signalWaitFrom !== undefined ? { signalWait: { start: p.signalWaitFrom, ...(p.signalAt ?? p.endedAt ? { end: p.signalAt ?? p.endedAt } : {}) } } : {}),
      critical: critical.some((n) => n.row === row && n.segment === i),
    }));
    const outcome = barOutcome(segments);
    const step = chain.indexOf(row.logicalId);
    const listed = outcome === 'cancelled' ? rows.find((r) => r !== row && pointsAt(failureReason(row), r) && chain.includes(r.logicalId)) : undefined;
    const causedBy = outcome === 'cancelled' ? (listed?.logicalId ?? chain[0]) : undefined;
    const last = segments.at(-1);
    return {
      logicalId: row.logicalId,
      type: row.type,
      start: segments[0]?.start ?? first,
      ...(last?.end !== undefined ? { end: last.end } : {}),
      outcome,
      segments,
      critical: segments.some((s) => s.critical),
      ...(step >= 0 ? { failureStep: step } : {}),
      ...(causedBy && causedBy !== row.logicalId ? { causedBy } : {}),
    };
  });
  return {
    start: first,
    ...(state.finishedAt !== undefined ? { end: state.finishedAt } : {}),
    bars,
    criticalPath: critical.map((n) => n.row.logicalId).filter((id, i, all) => all.indexOf(id) === i),
    failureChain: chain,
  };
}
