import type { Outcome } from '../../../core/deploy/progressSelectors';
import type { Operation } from '../../../core/deploy/progressTypes';
import type { LeftBehind, RootCause } from '../../../core/deploy/rootCause';
import type { TimelineBar } from '../../../core/deploy/timeline';
import { hasExactly, isBoundedText, isRecord } from '../messageFields';

/** The webview panel type; package.json activates the extension on its serializer. */
export const PROGRESS_VIEW_TYPE = 'imagingLab.progress';

/** Which stack operation a panel follows; saved by VS Code so the panel comes back after a reload. */
export interface ProgressTarget {
  readonly region: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly operation: Operation;
  readonly kind?: string;
}

export type OutputAction = 'copy' | 'open' | 'ssh' | 'sendDicom';
export const OUTPUT_ACTIONS: readonly OutputAction[] = ['copy', 'open', 'ssh', 'sendDicom'];

/** The panel's heading: what changes with the stack's own events. */
export interface HeaderView {
  readonly target: ProgressTarget;
  readonly stackStatus: string;
  readonly stackReason?: string;
  readonly outcome: Outcome;
  /** The operation's first event (AWS time, epoch ms). */
  readonly startedAt: number;
  readonly finishedAt?: number;
  readonly percent: number;
  /** Seconds left as estimated at `computedAt` (host clock); the page counts down from there. */
  readonly etaSeconds?: number;
  readonly computedAt: number;
  readonly canCancel: boolean;
  readonly pollerMessage?: string;
  readonly stackConsoleUrl: string;
}

/** One resource: its table row and, once it has started, its timeline bar. */
export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  /** Empty until its first event. */
  readonly status: string;
  readonly reason?: string;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly waitsForSignal: boolean;
  readonly consoleUrl?: string;
  readonly bar?: TimelineBar;
}

export interface LogLine {
  readonly id: string;
  readonly time: number;
  readonly logicalId: string;
  readonly status: string;
  readonly reason?: string;
}

export interface OutputView {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
  readonly actions: readonly OutputAction[];
}

export interface BootLogView {
  readonly logicalId: string;
  readonly instanceId: string;
  readonly lines: readonly string[];
}

/** What the timeline draws besides the bars (which travel with their resources). */
export interface TimelineView {
  readonly start: number;
  readonly end?: number;
  readonly criticalPath: readonly string[];
  readonly failureChain: readonly string[];
}

/** Everything the page draws, computed by the host from the core progress model. */
export interface PanelView {
  readonly header: HeaderView;
  /** Template order (the table); the timeline orders bars by start time itself. */
  readonly resources: readonly ResourceView[];
  /** The newest events, oldest first (capped). */
  readonly log: readonly LogLine[];
  readonly outputs: readonly OutputView[];
  readonly rootCause?: RootCause;
  readonly leftBehind: readonly LeftBehind[];
  readonly bootLog?: BootLogView;
  readonly timeline: TimelineView;
}

/** Only what changed since the previous message; `null` removes a section. */
export interface PanelPatch {
  readonly header?: HeaderView;
  /** Changed or new resources; `order` only when the set or order of resources changed. */
  readonly resources?: { readonly changed: readonly ResourceView[]; readonly order?: readonly string[] };
  /** Events to append to the log. */
  readonly log?: readonly LogLine[];
  readonly outputs?: readonly OutputView[];
  readonly rootCause?: RootCause | null;
  readonly leftBehind?: readonly LeftBehind[];
  readonly bootLog?: BootLogView | null;
  readonly timeline?: TimelineView;
}

/** Host -> page: a whole view after the page (re)loads, then patches. */
export type HostMessage = { readonly type: 'view'; readonly view: PanelView } | { readonly type: 'patch'; readonly patch: PanelPatch };

/** Page -> host. Everything the page asks for is re-checked by the host (URLs, keys). */
export type PageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  | { readonly type: 'openUrl'; readonly url: string }
  | { readonly type: 'outputAction'; readonly action: OutputAction; readonly key: string };

/** The page is untrusted input too: every message is checked field by field, nothing extra allowed. */
export function isPageMessage(value: unknown): value is PageMessage {
  if (!isRecord(value)) return false;
  const m = value;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return hasExactly(m, ['type']);
    case 'openUrl':
      return hasExactly(m, ['type', 'url']) && isBoundedText(m.url);
    case 'outputAction':
      return hasExactly(m, ['type', 'action', 'key']) && OUTPUT_ACTIONS.includes(m.action as OutputAction) && isBoundedText(m.key);
    default:
      return false;
  }
}
