import type { CfnTemplate } from '../cfn/templateTypes';
import { isTerminalStackStatus, type DeployEvent } from './deployEvent';
import type { ExpectedResource, Operation, ProgressAction, ProgressState, ResourceRow } from './progressTypes';

export const LOG_LIMIT = 500;

const SIGNAL_TYPES = new Set(['AWS::CloudFormation::WaitCondition']);

/** Resources of a template, in template order, for the progress rows and the percentage. */
export function expectedFromTemplate(template: CfnTemplate): ExpectedResource[] {
  return Object.entries(template.Resources).map(([logicalId, r]) => ({
    logicalId,
    type: r.Type,
    waitsForSignal: r.CreationPolicy !== undefined || SIGNAL_TYPES.has(r.Type),
  }));
}

export function initialProgress(init: {
  region: string;
  stackName: string;
  stackId: string;
  operation: Operation;
  startedAt: number;
  expected: readonly ExpectedResource[];
  kind?: string;
}): ProgressState {
  return {
    region: init.region,
    stackName: init.stackName,
    stackId: init.stackId,
    ...(init.kind ? { kind: init.kind } : {}),
    operation: init.operation,
    startedAt: init.startedAt,
    stackStatus: '',
    rows: init.expected.map((e) => ({ logicalId: e.logicalId, type: e.type, status: '', waitsForSignal: e.waitsForSignal })),
    log: [],
    pollerState: 'running',
    outputs: [],
  };
}

export function isFinalResourceStatus(status: string): boolean {
  return status !== '' && !status.endsWith('_IN_PROGRESS');
}

function applyToRow(row: ResourceRow, e: DeployEvent): ResourceRow {
  const wasFinal = isFinalResourceStatus(row.status);
  const nowFinal = isFinalResourceStatus(e.status);
  // A resource entering a new phase (e.g. deleted by a rollback) is timed afresh.
  const restart = !nowFinal && (row.startedAt === undefined || wasFinal);
  const { reason: _r, endedAt: _e, ...rest } = row;
  return {
    ...rest,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.physicalId || row.physicalId ? { physicalId: e.physicalId || row.physicalId } : {}),
    ...(restart ? { startedAt: e.time } : row.startedAt !== undefined ? { startedAt: row.startedAt } : { startedAt: e.time }),
    ...(nowFinal ? { endedAt: e.time } : {}),
  };
}

function applyEvents(state: ProgressState, events: readonly DeployEvent[]): ProgressState {
  if (events.length === 0) return state;
  const rows = [...state.rows];
  const index = new Map(rows.map((r, i) => [r.logicalId, i]));
  let { stackStatus, stackReason, finishedAt } = state;
  for (const e of events) {
    if (e.isStack) {
      stackStatus = e.status;
      stackReason = e.reason;
      finishedAt = isTerminalStackStatus(e.status) ? e.time : undefined;
      continue;
    }
    let i = index.get(e.logicalId);
    if (i === undefined) {
      i = rows.push({ logicalId: e.logicalId, type: e.resourceType, status: '', waitsForSignal: false }) - 1;
      index.set(e.logicalId, i);
    }
    const row = rows[i];
    if (row) rows[i] = applyToRow(row, e);
  }
  const log = [...state.log, ...events].slice(-LOG_LIMIT);
  const { stackReason: _s, finishedAt: _f, ...rest } = state;
  return { ...rest, rows, log, stackStatus, ...(stackReason ? { stackReason } : {}), ...(finishedAt !== undefined ? { finishedAt } : {}) };
}

/** The progress model: a pure function of the events seen so far (and outputs, boot log, poller state). */
export function progressReducer(state: ProgressState, action: ProgressAction): ProgressState {
  switch (action.type) {
    case 'events':
      return applyEvents(state, action.events);
    case 'poller': {
      const { pollerMessage: _m, ...rest } = state;
      return { ...rest, pollerState: action.state, ...(action.message ? { pollerMessage: action.message } : {}) };
    }
    case 'outputs':
      return {
        ...state,
        outputs: action.outputs,
        ...(action.stackStatus ? { stackStatus: action.stackStatus } : {}),
        ...(action.stackReason ? { stackReason: action.stackReason } : {}),
      };
    case 'bootLog':
      return { ...state, bootLog: action.tail };
  }
}
