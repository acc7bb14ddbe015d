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

/** Bottom-up estimate: the slowest running resource's remaining time plus the pending work spread over the parallelism. */
function modelRemainingSeconds(state: ProgressState, now: number, signalWaitSeconds?: number): number {
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
  return longestRunning + pending / Math.max(2, running);
}

/** Share (0..1) of the operation's expected work that has finished, weighted by typical durations. */
export function observedShare(state: ProgressState, signalWaitSeconds?: number): number {
  let done = 0;
  let all = 0;
  for (const r of state.rows) {
    const t = typicalSeconds(r.type, r.waitsForSignal, signalWaitSeconds);
    all += t;
    if (isFinalResourceStatus(r.status)) done += t;
  }
  return all > 0 ? done / all : 0;
}

export interface EtaOptions {
  /** How long a kind's instance takes to install and signal (see the catalog). */
  readonly signalWaitSeconds?: number;
  /** The total the deploy wizard announced (a kind's typical time): the estimate starts from it. */
  readonly typicalTotalSeconds?: number;
}

/**
 * Seconds until the operation should finish. With a typical total (a kind's create) the estimate
 * starts as what the wizard announced and moves to the bottom-up model as resources finish and
 * their observed durations refine it. Undefined when finished.
 */
export function estimateRemainingSeconds(state: ProgressState, now: number, options: EtaOptions = {}): number | undefined {
  if (outcome(state) !== 'running') return undefined;
  const model = modelRemainingSeconds(state, now, options.signalWaitSeconds);
  if (options.typicalTotalSeconds === undefined) return Math.round(model);
  const prior = options.typicalTotalSeconds - Math.max(0, now - state.startedAt) / 1000;
  if (prior <= 0) return Math.round(model);
  const weight = observedShare(state, options.signalWaitSeconds);
  return Math.round(Math.max(5, (1 - weight) * prior + weight * model));
}
