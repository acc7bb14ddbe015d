import type { CfnTemplate } from '../cfn/templateTypes';
import { isOperationStart, isTerminalStackStatus, type DeployEvent } from './deployEvent';
import type { ExpectedResource, Operation, ProgressAction, ProgressState, ResourcePhase, ResourceRow } from './progressTypes';
import { templateDependencies } from './timelineDependencies';

export const LOG_LIMIT = 500;
/** Failure events kept for the root cause (a stack has far fewer; this only bounds a hostile one). */
export const FAILURE_LIMIT = 500;

const SIGNAL_TYPES = new Set(['AWS::CloudFormation::WaitCondition']);

/** Resources of a template, in template order, for the progress rows, the percentage and the timeline. */
export function expectedFromTemplate(template: CfnTemplate): ExpectedResource[] {
  const dependencies = templateDependencies(template);
  return Object.entries(template.Resources).map(([logicalId, r]) => ({
    logicalId,
    type: r.Type,
    waitsForSignal: r.CreationPolicy !== undefined || SIGNAL_TYPES.has(r.Type),
    dependsOn: dependencies.get(logicalId) ?? [],
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
    rows: init.expected.map((e) => ({
      logicalId: e.logicalId,
      type: e.type,
      status: '',
      waitsForSignal: e.waitsForSignal,
      ...(e.dependsOn ? { dependsOn: e.dependsOn } : {}),
      phases: [],
    })),
    log: [],
    failures: [],
    pollerState: 'running',
    outputs: [],
  };
}

export function isFinalResourceStatus(status: string): boolean {
  return status !== '' && !status.endsWith('_IN_PROGRESS');
}

/** CREATE_IN_PROGRESS -> CREATE, UPDATE_ROLLBACK_COMPLETE -> UPDATE_ROLLBACK, DELETE_SKIPPED -> DELETE. */
export function statusAction(status: string): string {
  return status.replace(/_(IN_PROGRESS|COMPLETE|FAILED|SKIPPED)$/, '');
}

const SIGNAL_RECEIVED = /^Received (SUCCESS|FAILURE) signal/i;
const CREATION_INITIATED = /^Resource creation Initiated/i;

/** The phases after event `e`: a new phase on a fresh IN_PROGRESS, the open one updated otherwise. */
function nextPhases(row: ResourceRow, e: DeployEvent): ResourcePhase[] {
  const phases = [...row.phases];
  const action = statusAction(e.status);
  const last = phases.at(-1);
  const open = last && last.endedAt === undefined && last.action === action ? last : undefined;
  let phase: ResourcePhase = open ?? { action, startedAt: e.time };
  if (!isFinalResourceStatus(e.status)) {
    if (row.waitsForSignal && action === 'CREATE') {
      // A WaitCondition waits from its start; an instance once it has been launched and configured.
      if (SIGNAL_TYPES.has(row.type)) phase = { ...phase, signalWaitFrom: phase.signalWaitFrom ?? phase.startedAt };
      else if (e.detailedStatus === 'CONFIGURATION_COMPLETE' || (CREATION_INITIATED.test(e.reason ?? '') && phase.signalWaitFrom === undefined)) phase = { ...phase, signalWaitFrom: e.time };
      if (SIGNAL_RECEIVED.test(e.reason ?? '')) phase = { ...phase, signalAt: e.time };
    }
  } else {
    phase = { ...phase, endedAt: e.time, status: e.status, ...(e.reason ? { reason: e.reason } : {}) };
  }
  if (open) phases[phases.length - 1] = phase;
  else phases.push(phase);
  return phases;
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
    phases: nextPhases(row, e),
  };
}

function applyEvents(state: ProgressState, events: readonly DeployEvent[]): ProgressState {
  if (events.length === 0) return state;
  const rows = [...state.rows];
  const index = new Map(rows.map((r, i) => [r.logicalId, i]));
  let { stackStatus, stackReason, finishedAt } = state;
  // The operation began with its first event, not when someone started watching it.
  let startedAt = state.log.length === 0 ? (events[0]?.time ?? state.startedAt) : state.startedAt;
  for (const e of events) {
    if (e.isStack) {
      if (isOperationStart(e)) startedAt = e.time;
      stackStatus = e.status;
      stackReason = e.reason;
      finishedAt = isTerminalStackStatus(e.status) ? e.time : undefined;
      continue;
    }
    let i = index.get(e.logicalId);
    if (i === undefined) {
      i = rows.push({ logicalId: e.logicalId, type: e.resourceType, status: '', waitsForSignal: false, phases: [] }) - 1;
      index.set(e.logicalId, i);
    }
    const row = rows[i];
    if (row) rows[i] = applyToRow(row, e);
  }
  const log = [...state.log, ...events].slice(-LOG_LIMIT);
  const failed = events.filter((e) => e.status.endsWith('_FAILED'));
  const failures = failed.length > 0 ? [...state.failures, ...failed].slice(0, FAILURE_LIMIT) : state.failures;
  const { stackReason: _s, finishedAt: _f, ...rest } = state;
  return {
    ...rest,
    startedAt,
    rows,
    log,
    failures,
    stackStatus,
    ...(stackReason ? { stackReason } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
  };
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
