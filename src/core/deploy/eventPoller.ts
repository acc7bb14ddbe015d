import { DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { friendlyAwsError } from '../aws/errors';
import { systemClock, type Clock } from './clock';
import { isStackMissing } from './deployErrors';
import { isOperationStart, isTerminalStackStatus, toDeployEvent, type DeployEvent } from './deployEvent';

export type PollerState = 'running' | 'paused-auth' | 'finished' | 'gone' | 'failed' | 'stopped';

export interface PollerUpdate {
  /** New events, oldest first (a late subscriber first receives every event seen so far). */
  readonly events: readonly DeployEvent[];
  readonly state: PollerState;
  /** Why the poller paused or failed, for people. */
  readonly message?: string;
}
export type PollerListener = (update: PollerUpdate) => void;

export interface PollerOptions {
  readonly clients: AwsClients;
  readonly region: string;
  /** The stack ARN: events of a deleted stack stay readable by id, not by name. */
  readonly stackId: string;
  /** Events up to and including this id are history (the newest event before the operation started). */
  readonly afterEventId?: string;
  /** Read back only to the event that started the current operation (reopening a running deployment). */
  readonly fromOperationStart?: boolean;
  readonly clock?: Clock;
  readonly minIntervalMs?: number;
  readonly maxIntervalMs?: number;
  readonly throttledMaxMs?: number;
  /** Pages a single poll may read when more than a page of events is new (only on the first poll, in practice). */
  readonly maxPagesPerPoll?: number;
}

const AUTH_CATEGORIES = new Set(['expired', 'no-credentials', 'invalid-credentials']);

/**
 * Follows one stack's events: each poll reads the newest page and stops at the newest event already
 * seen, so history is never read twice. Polls every ~2 s while events arrive, backing off to 10 s when
 * quiet; throttling backs off further; expired credentials pause it until resume().
 */
export class StackEventPoller {
  private readonly listeners = new Set<PollerListener>();
  private readonly history: DeployEvent[] = [];
  private readonly seen = new Set<string>();
  private newestId: string | undefined;
  private currentState: PollerState = 'running';
  private stateMessage: string | undefined;
  private readonly abort = new AbortController();
  private wake: (() => void) | undefined;
  private running: Promise<PollerState> | undefined;
  private clients: AwsClients;
  /** Calls made so far (the benchmark reports them). */
  apiCalls = 0;

  constructor(private readonly options: PollerOptions) {
    this.clients = options.clients;
    this.newestId = options.afterEventId;
  }

  get state(): PollerState {
    return this.currentState;
  }
  get events(): readonly DeployEvent[] {
    return this.history;
  }

  subscribe(listener: PollerListener): () => void {
    this.listeners.add(listener);
    listener({ events: [...this.history], state: this.currentState, ...(this.stateMessage ? { message: this.stateMessage } : {}) });
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Starts polling (idempotent); resolves with the final state. */
  start(): Promise<PollerState> {
    this.running ??= this.loop();
    return this.running;
  }

  stop(): void {
    if (this.isOver()) return;
    this.setState('stopped');
    this.abort.abort();
    this.wake?.();
  }

  /** After the user re-authenticated: continue, optionally with the new session's clients. */
  resume(clients?: AwsClients): void {
    if (clients) this.clients = clients;
    if (this.currentState === 'paused-auth') {
      this.setState('running');
      this.wake?.();
    }
  }

  private isOver(): boolean {
    return this.currentState === 'finished' || this.currentState === 'gone' || this.currentState === 'failed' || this.currentState === 'stopped';
  }

  private setState(state: PollerState, message?: string, events: readonly DeployEvent[] = []): void {
    this.currentState = state;
    this.stateMessage = message;
    for (const l of [...this.listeners]) l({ events, state, ...(message ? { message } : {}) });
  }

  /** One poll: the newest page (more only while every event on it is new), oldest first. */
  async pollOnce(): Promise<DeployEvent[]> {
    const cfn = await this.clients.cloudFormation(this.options.region);
    const fresh: DeployEvent[] = [];
    let token: string | undefined;
    let pages = 0;
    let reachedKnown = false;
    do {
      this.apiCalls++;
      const page = await cfn.send(new DescribeStackEventsCommand({ StackName: this.options.stackId, ...(token ? { NextToken: token } : {}) }), {
        abortSignal: this.abort.signal,
      });
      pages++;
      for (const raw of page.StackEvents ?? []) {
        const e = toDeployEvent(raw, this.options.stackId);
        if (e.eventId === this.newestId || this.seen.has(e.eventId)) {
          reachedKnown = true;
          break;
        }
        fresh.push(e);
        if (this.newestId === undefined && this.options.fromOperationStart && isOperationStart(e)) {
          reachedKnown = true;
          break;
        }
      }
      token = page.NextToken;
    } while (!reachedKnown && token && pages < (this.options.maxPagesPerPoll ?? 5) && (this.newestId !== undefined || this.options.fromOperationStart || this.history.length === 0));
    fresh.reverse();
    for (const e of fresh) this.seen.add(e.eventId);
    if (fresh.length > 0) this.newestId = fresh[fresh.length - 1]?.eventId;
    this.history.push(...fresh);
    return fresh;
  }

  private async waitForWake(ms: number | undefined): Promise<void> {
    const clock = this.options.clock ?? systemClock;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (ms !== undefined) clock.sleep(ms, this.abort.signal).then(resolve, resolve);
    });
    this.wake = undefined;
  }

  private async loop(): Promise<PollerState> {
    const min = this.options.minIntervalMs ?? 2000;
    const max = this.options.maxIntervalMs ?? 10_000;
    const throttledMax = this.options.throttledMaxMs ?? 30_000;
    let interval = min;
    let failures = 0;
    while (!this.isOver()) {
      try {
        const fresh = await this.pollOnce();
        failures = 0;
        interval = fresh.length > 0 ? min : Math.min(max, interval * 2);
        const done = fresh.some((e) => e.isStack && isTerminalStackStatus(e.status));
        if (done) this.setState('finished', undefined, fresh);
        else if (fresh.length > 0) this.setState(this.currentState, this.stateMessage, fresh);
      } catch (error) {
        if (this.isOver()) break;
        if (isStackMissing(error)) {
          this.setState('gone', 'The stack no longer exists.');
          break;
        }
        const friendly = friendlyAwsError(error, { region: this.options.region });
        if (AUTH_CATEGORIES.has(friendly.category)) {
          this.setState('paused-auth', `Progress paused: ${friendly.message}`);
          await this.waitForWake(undefined);
          continue;
        }
        if (friendly.category === 'throttled') interval = Math.min(throttledMax, Math.max(interval, min) * 2);
        else if (++failures >= 5) {
          this.setState('failed', `Progress stopped after repeated errors: ${friendly.message}`);
          break;
        } else interval = Math.min(max, interval * 2);
      }
      if (!this.isOver()) await this.waitForWake(interval);
    }
    return this.currentState;
  }
}
