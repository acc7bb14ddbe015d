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
  /** Resources of the same template it refers to (DependsOn, Ref, GetAtt, Sub), when the template is known. */
  readonly dependsOn?: readonly string[];
}

/**
 * One pass of a resource through an action (CREATE, UPDATE, DELETE, ...): from its first IN_PROGRESS
 * event to its final event. A create rolled back is a CREATE phase followed by a DELETE phase.
 */
export interface ResourcePhase {
  /** The status without its suffix: CREATE, UPDATE, DELETE, IMPORT, UPDATE_ROLLBACK, ... */
  readonly action: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  /** The final status (absent while the phase runs). */
  readonly status?: string;
  readonly reason?: string;
  /** When the resource began waiting for its cfn-signal (CreationPolicy, WaitCondition). */
  readonly signalWaitFrom?: number;
  /** When CloudFormation reported the signal ("Received SUCCESS signal ..."). */
  readonly signalAt?: number;
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
  readonly dependsOn?: readonly string[];
  /** Every phase of this operation, oldest first (the timeline draws them). */
  readonly phases: readonly ResourcePhase[];
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
  /** The operation's first event (until one arrives: when following began). */
  readonly startedAt: number;
  readonly stackStatus: string;
  readonly stackReason?: string;
  readonly rows: readonly ResourceRow[];
  /** Newest last; capped. */
  readonly log: readonly DeployEvent[];
  /** Every *_FAILED event of the operation, oldest first (kept when the log drops old events). */
  readonly failures: readonly DeployEvent[];
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
