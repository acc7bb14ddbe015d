import type { Outcome } from '../../../core/deploy/progressSelectors';
import type { Operation, ProgressState } from '../../../core/deploy/progressTypes';
import type { LeftBehind, RootCause } from '../../../core/deploy/rootCause';

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

/** Everything the page draws, computed by the host from the core progress model. */
export interface ProgressView {
  readonly target: ProgressTarget;
  readonly state: ProgressState;
  readonly now: number;
  readonly percent: number;
  readonly etaSeconds?: number;
  readonly outcome: Outcome;
  readonly rootCause?: RootCause;
  readonly leftBehind: readonly LeftBehind[];
  readonly stackConsoleUrl: string;
  /** Console link per logical id, for rows with a physical id. */
  readonly resourceUrls: Readonly<Record<string, string>>;
  readonly canCancel: boolean;
  /** Actions offered per output key (copy always; open for URLs; ssh/send DICOM when available). */
  readonly outputActions: Readonly<Record<string, readonly OutputAction[]>>;
}

/** Host -> page. */
export type HostMessage = { readonly type: 'view'; readonly view: ProgressView };

/** Page -> host. Everything the page asks for is re-checked by the host (URLs, keys). */
export type PageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'cancel' }
  | { readonly type: 'openUrl'; readonly url: string }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'outputAction'; readonly action: OutputAction; readonly key: string };

export function isPageMessage(value: unknown): value is PageMessage {
  const m = value as { type?: unknown };
  return typeof m === 'object' && m !== null && ['ready', 'cancel', 'openUrl', 'copy', 'outputAction'].includes(String(m.type));
}
