import { recordOf } from '../../../core/kinds/kinds';
import { OUTPUT } from '../../../core/kinds/stackContract';
import { resourceConsoleUrl } from '../../../core/deploy/resourceLinks';
import { estimateRemainingSeconds, outcome, percentComplete } from '../../../core/deploy/progressSelectors';
import type { ProgressState } from '../../../core/deploy/progressTypes';
import { leftBehind, rootCause } from '../../../core/deploy/rootCause';
import { timelineLayout } from '../../../core/deploy/timeline';
import { stackConsoleUrl } from '../../../core/stacks/consoleLinks';
import { PAGE_LOG_LIMIT } from './panelPatch';
import type { OutputAction, PanelView, ProgressTarget, ResourceView } from './protocol';

/**
 * How long a kind's instance takes to install its software and signal: most of the kind's typical
 * deploy time (the rest is network and IAM), which makes the ETA of a kind deployment realistic.
 */
export function signalWaitFor(kind: string | undefined): number | undefined {
  const record = recordOf(kind);
  return record ? Math.max(60, record.typicalDeployMinutes * 60 - 300) : undefined;
}

/** The total the deploy wizard announces for a kind's create ("~20 min"); the ETA starts there. */
export function typicalTotalFor(target: ProgressTarget): number | undefined {
  const record = target.operation === 'create' ? recordOf(target.kind) : undefined;
  return record ? record.typicalDeployMinutes * 60 : undefined;
}

export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

function actionsFor(key: string, value: string): OutputAction[] {
  const actions: OutputAction[] = ['copy'];
  if (isWebUrl(value)) actions.push('open');
  if (key === OUTPUT.sshHost) actions.push('ssh');
  if (key === OUTPUT.dicomWebUrl) actions.push('sendDicom');
  return actions;
}

/** Everything the page draws, derived from the core model (the page only formats and positions). */
export function toPanelView(target: ProgressTarget, state: ProgressState, now: number): PanelView {
  const cause = rootCause(state);
  const signalWaitSeconds = signalWaitFor(target.kind);
  const typicalTotalSeconds = typicalTotalFor(target);
  const eta = estimateRemainingSeconds(state, now, {
    ...(signalWaitSeconds !== undefined ? { signalWaitSeconds } : {}),
    ...(typicalTotalSeconds !== undefined ? { typicalTotalSeconds } : {}),
  });
  const result = outcome(state);
  const timeline = timelineLayout(state, now);
  const bars = new Map(timeline.bars.map((b) => [b.logicalId, b]));
  const boot = state.bootLog && result === 'running' ? state.bootLog : undefined;
  return {
    header: {
      target,
      stackStatus: state.stackStatus,
      ...(state.stackReason ? { stackReason: state.stackReason } : {}),
      outcome: result,
      startedAt: state.startedAt,
      ...(state.finishedAt !== undefined ? { finishedAt: state.finishedAt } : {}),
      percent: percentComplete(state),
      ...(eta !== undefined ? { etaSeconds: eta } : {}),
      computedAt: now,
      canCancel: result === 'running' && state.stackStatus === (target.operation === 'update' ? 'UPDATE_IN_PROGRESS' : target.operation === 'create' ? 'CREATE_IN_PROGRESS' : '-'),
      ...(state.pollerMessage ? { pollerMessage: state.pollerMessage } : {}),
      stackConsoleUrl: stackConsoleUrl(state.region, state.stackId),
    },
    resources: state.rows.map((r): ResourceView => {
      const bar = bars.get(r.logicalId);
      return {
        logicalId: r.logicalId,
        type: r.type,
        status: r.status,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}),
        ...(r.endedAt !== undefined ? { endedAt: r.endedAt } : {}),
        waitsForSignal: r.waitsForSignal,
        ...(r.physicalId ? { consoleUrl: resourceConsoleUrl(state.region, state.stackId, r.type, r.physicalId) } : {}),
        ...(bar ? { bar } : {}),
      };
    }),
    log: state.log.slice(-PAGE_LOG_LIMIT).map((e) => ({
      id: e.eventId || `${e.time}:${e.logicalId}:${e.status}`,
      time: e.time,
      logicalId: e.logicalId,
      status: e.status,
      ...(e.reason ? { reason: e.reason } : {}),
    })),
    outputs: state.outputs.map((o) => ({ key: o.key, value: o.value, ...(o.description ? { description: o.description } : {}), actions: actionsFor(o.key, o.value) })),
    ...(cause ? { rootCause: cause } : {}),
    leftBehind: leftBehind(state),
    ...(boot ? { bootLog: { logicalId: boot.logicalId, instanceId: boot.instanceId, lines: boot.lines } } : {}),
    timeline: {
      start: timeline.start,
      ...(timeline.end !== undefined ? { end: timeline.end } : {}),
      criticalPath: timeline.criticalPath,
      failureChain: timeline.failureChain,
    },
  };
}

/** Every URL the page may ask the host to open: the ones the host itself put into the view. */
export function viewUrls(view: PanelView): Set<string> {
  return new Set([view.header.stackConsoleUrl, ...(view.rootCause ? [view.rootCause.consoleUrl] : []), ...view.resources.flatMap((r) => (r.consoleUrl ? [r.consoleUrl] : []))]);
}
