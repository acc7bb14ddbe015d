import type { StackOutput } from '../stacks/stackInfo';
import type { DeployEvent } from './deployEvent';
import type { PollerState } from './eventPoller';

export type Operation = 'create' | 'update' | 'delete';

/** A resource the operation is expected to touch (from the template, change set or stack). */
export interface ExpectedResource {
  readonly logicalId: string;
  readonly type: string;
  /** Has a CreationPolicy (or is a WaitCondition): it completes only when its instance signals. */
  readonly waitsForSignal: boolean;
}

export interface ResourceRow {
  readonly logicalId: string;
  readonly type: string;
  /** Empty until its first event. */
  readonly status: string;
  readonly reason?: string;
  readonly physicalId?: string;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly waitsForSignal: boolean;
}

export interface BootLogTail {
  readonly logicalId: string;
  readonly instanceId: string;
  readonly lines: readonly string[];
  readonly fetchedAt: number;
}

/** Everything the progress panel and the CLI show; plain data, safe to post to a webview. */
export interface ProgressState {
  readonly region: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly kind?: string;
  readonly operation: Operation;
  readonly startedAt: number;
  readonly stackStatus: string;
  readonly stackReason?: string;
  readonly rows: readonly ResourceRow[];
  /** Newest last; capped. */
  readonly log: readonly DeployEvent[];
  readonly pollerState: PollerState;
  readonly pollerMessage?: string;
  readonly outputs: readonly StackOutput[];
  readonly bootLog?: BootLogTail;
  readonly finishedAt?: number;
}

export type ProgressAction =
  | { readonly type: 'events'; readonly events: readonly DeployEvent[] }
  | { readonly type: 'poller'; readonly state: PollerState; readonly message?: string }
  | { readonly type: 'outputs'; readonly outputs: readonly StackOutput[]; readonly stackStatus?: string; readonly stackReason?: string }
  | { readonly type: 'bootLog'; readonly tail: BootLogTail };
