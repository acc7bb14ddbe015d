import { statusCategory } from '../stacks/stackStatus';
import { typicalSeconds } from './etaTable';
import { isFinalResourceStatus } from './progressReducer';
import type { ProgressState, ResourceRow } from './progressTypes';

export type Outcome = 'running' | 'succeeded' | 'failed' | 'rolled-back' | 'deleted';

export function outcome(state: ProgressState): Outcome {
  if (state.finishedAt === undefined && !(state.stackStatus && !state.stackStatus.endsWith('_IN_PROGRESS'))) {
    return state.pollerState === 'gone' && state.operation === 'delete' ? 'deleted' : 'running';
  }
  const c = statusCategory(state.stackStatus);
  if (c === 'deleted') return 'deleted';
  if (c === 'failed') return 'failed';
  if (c === 'rolled-back') return 'rolled-back';
  return 'succeeded';
}

/** Resources in a final state / resources expected; 100 once the stack operation completed. */
export function percentComplete(state: ProgressState): number {
  if (outcome(state) !== 'running') return 100;
  if (state.rows.length === 0) return 0;
  const done = state.rows.filter((r) => isFinalResourceStatus(r.status)).length;
  return Math.min(99, Math.floor((done / state.rows.length) * 100));
}

/** A resource waiting for its instance's cfn-signal, with the instance id to tail the boot log of. */
export function awaitingSignal(state: ProgressState): ResourceRow | undefined {
  return state.rows.find((r) => r.waitsForSignal && r.status === 'CREATE_IN_PROGRESS' && r.physicalId?.startsWith('i-'));
}

/**
 * How much slower (>1) or faster (<1) this deployment runs than the typical-time table, from the
 * resources that finished (clamped, so one odd resource cannot swing the estimate wildly).
 */
export function observedPace(state: ProgressState, signalWaitSeconds?: number): number {
  let actual = 0;
  let typical = 0;
  for (const r of state.rows) {
    if (r.startedAt === undefined || r.endedAt === undefined || !r.status.endsWith('_COMPLETE')) continue;
    actual += (r.endedAt - r.startedAt) / 1000;
    typical += typicalSeconds(r.type, r.waitsForSignal, signalWaitSeconds);
  }
  if (typical <= 0) return 1;
  return Math.min(4, Math.max(0.3, actual / typical));
}

/**
 * Seconds until the operation should finish: the slowest running resource's remaining time plus
 * the pending resources spread over the observed parallelism. Undefined when finished.
 */
export function estimateRemainingSeconds(state: ProgressState, now: number, signalWaitSeconds?: number): number | undefined {
  if (outcome(state) !== 'running') return undefined;
  const pace = observedPace(state, signalWaitSeconds);
  let longestRunning = 0;
  let running = 0;
  let pending = 0;
  for (const r of state.rows) {
    const expected = typicalSeconds(r.type, r.waitsForSignal, signalWaitSeconds) * pace;
    if (r.status === '') pending += expected;
    else if (!isFinalResourceStatus(r.status)) {
      running++;
      const elapsed = r.startedAt !== undefined ? (now - r.startedAt) / 1000 : 0;
      longestRunning = Math.max(longestRunning, Math.max(5, expected - elapsed));
    }
  }
  return Math.round(longestRunning + pending / Math.max(2, running));
}
