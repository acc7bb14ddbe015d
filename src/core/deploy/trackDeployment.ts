import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { toStackInfo } from '../stacks/stackInfo';
import { fetchBootLogTail } from './bootLog';
import { systemClock, type Clock } from './clock';
import type { PollerOptions } from './eventPoller';
import { PollerRegistry } from './pollerRegistry';
import { initialProgress, progressReducer } from './progressReducer';
import { awaitingSignal, outcome } from './progressSelectors';
import type { ExpectedResource, Operation, ProgressState } from './progressTypes';

export interface TrackOptions {
  readonly clients: AwsClients;
  readonly region: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly operation: Operation;
  readonly expected: readonly ExpectedResource[];
  readonly kind?: string;
  readonly registry?: PollerRegistry;
  readonly poller?: Partial<Pick<PollerOptions, 'afterEventId' | 'fromOperationStart' | 'minIntervalMs' | 'maxIntervalMs'>>;
  readonly clock?: Clock;
  /** How often the boot log of an instance awaiting its signal is re-read. */
  readonly bootLogIntervalMs?: number;
  readonly onState: (state: ProgressState) => void;
  readonly signal?: AbortSignal;
}

async function readOutputs(o: TrackOptions, state: ProgressState): Promise<ProgressState> {
  try {
    const cfn = await o.clients.cloudFormation(o.region);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: o.stackId }), { abortSignal: o.signal })).Stacks?.[0];
    if (!stack) return state;
    const info = toStackInfo(stack, o.region);
    return progressReducer(state, { type: 'outputs', outputs: info.outputs, stackStatus: info.status, ...(info.statusReason ? { stackReason: info.statusReason } : {}) });
  } catch {
    // The outputs are a bonus on top of the events; a deleted stack has none.
    return state;
  }
}

/**
 * Follows a stack operation to its end: shared event poller -> progress reducer -> onState, plus
 * the boot-log tail while an instance waits for its signal and the outputs once it is done.
 * Resolves with the final state (or the state when the signal aborted / the poller stopped).
 */
export function trackDeployment(o: TrackOptions): Promise<ProgressState> {
  const clock = o.clock ?? systemClock;
  const registry = o.registry ?? new PollerRegistry();
  let state = initialProgress({ region: o.region, stackName: o.stackName, stackId: o.stackId, operation: o.operation, startedAt: clock.now(), expected: o.expected, ...(o.kind ? { kind: o.kind } : {}) });
  let bootLogBusy = false;
  let lastBootLogAt = -Infinity;
  const emit = (next: ProgressState) => {
    state = next;
    o.onState(state);
  };

  const refreshBootLog = () => {
    const row = awaitingSignal(state);
    if (!row?.physicalId || bootLogBusy || clock.now() - lastBootLogAt < (o.bootLogIntervalMs ?? 15_000)) return;
    bootLogBusy = true;
    lastBootLogAt = clock.now();
    fetchBootLogTail(o.clients, o.region, row.physicalId, 40, o.signal)
      .then((lines) => emit(progressReducer(state, { type: 'bootLog', tail: { logicalId: row.logicalId, instanceId: row.physicalId ?? '', lines, fetchedAt: clock.now() } })))
      .catch(() => undefined) // console output is best effort (permission or a young instance)
      .finally(() => (bootLogBusy = false));
  };

  return new Promise<ProgressState>((resolve) => {
    let unsubscribe: () => void = () => undefined;
    let bootTimer: ReturnType<typeof setInterval> | undefined;
    let finished = false;
    const finish = async (readFinal: boolean) => {
      if (finished) return;
      finished = true;
      // Deferred: the poller may report its end while subscribe() is still replaying history.
      await Promise.resolve();
      unsubscribe();
      if (bootTimer) clearInterval(bootTimer);
      o.signal?.removeEventListener('abort', onAbort);
      if (readFinal) emit(await readOutputs(o, state));
      resolve(state);
    };
    const onAbort = () => void finish(false);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    if (o.bootLogIntervalMs !== 0) bootTimer = setInterval(refreshBootLog, Math.max(1000, o.bootLogIntervalMs ?? 15_000));
    unsubscribe = registry.subscribe({ clients: o.clients, region: o.region, stackId: o.stackId, clock, ...o.poller }, (update) => {
      let next = progressReducer(state, { type: 'events', events: update.events });
      if (update.state !== state.pollerState || update.message !== state.pollerMessage) {
        next = progressReducer(next, { type: 'poller', state: update.state, ...(update.message ? { message: update.message } : {}) });
      }
      if (next !== state) emit(next);
      refreshBootLog();
      if (update.state === 'finished' || update.state === 'gone') void finish(outcome(state) !== 'deleted' && update.state !== 'gone');
      else if (update.state === 'failed' || update.state === 'stopped') void finish(false);
    });
    if (o.signal?.aborted) void finish(false);
  });
}
