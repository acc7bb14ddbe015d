import { recordOf } from '../../../core/kinds/kinds';
import { OUTPUT } from '../../../core/kinds/stackContract';
import { resourceConsoleUrl } from '../../../core/deploy/resourceLinks';
import { estimateRemainingSeconds, outcome, percentComplete } from '../../../core/deploy/progressSelectors';
import type { ProgressState } from '../../../core/deploy/progressTypes';
import { leftBehind, rootCause } from '../../../core/deploy/rootCause';
import { stackConsoleUrl } from '../../../core/stacks/consoleLinks';
import type { OutputAction, ProgressTarget, ProgressView } from './protocol';

/** Commands of other features the outputs can hand over to, when they are registered. */
export interface OutputCommands {
  readonly ssh: boolean;
  readonly sendDicom: boolean;
}

/**
 * How long a kind's instance takes to install its software and signal: most of the kind's typical
 * deploy time (the rest is network and IAM), which makes the ETA of a kind deployment realistic.
 */
export function signalWaitFor(kind: string | undefined): number | undefined {
  const record = recordOf(kind);
  return record ? Math.max(60, record.typicalDeployMinutes * 60 - 300) : undefined;
}

export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

function actionsFor(key: string, value: string, available: OutputCommands): OutputAction[] {
  const actions: OutputAction[] = ['copy'];
  if (isWebUrl(value)) actions.push('open');
  if (available.ssh && key === OUTPUT.sshHost) actions.push('ssh');
  if (available.sendDicom && key === OUTPUT.dicomWebUrl) actions.push('sendDicom');
  return actions;
}

/** Everything the page draws, derived from the core model (the page itself computes nothing). */
export function toProgressView(target: ProgressTarget, state: ProgressState, now: number, available: OutputCommands, signalWaitSeconds = signalWaitFor(target.kind)): ProgressView {
  const cause = rootCause(state);
  const eta = estimateRemainingSeconds(state, now, signalWaitSeconds);
  const result = outcome(state);
  const resourceUrls: Record<string, string> = {};
  for (const r of state.rows) if (r.physicalId) resourceUrls[r.logicalId] = resourceConsoleUrl(state.region, state.stackId, r.type, r.physicalId);
  return {
    target,
    state,
    now,
    percent: percentComplete(state),
    ...(eta !== undefined ? { etaSeconds: eta } : {}),
    outcome: result,
    ...(cause ? { rootCause: cause } : {}),
    leftBehind: leftBehind(state),
    stackConsoleUrl: stackConsoleUrl(state.region, state.stackId),
    resourceUrls,
    canCancel: result === 'running' && state.stackStatus === (target.operation === 'update' ? 'UPDATE_IN_PROGRESS' : target.operation === 'create' ? 'CREATE_IN_PROGRESS' : '-'),
    outputActions: Object.fromEntries(state.outputs.map((o) => [o.key, actionsFor(o.key, o.value, available)])),
  };
}
