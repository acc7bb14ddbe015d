import type { FakeResource, ScriptedEvent } from './model';

/** One CloudFormation event at an absolute time (ms since epoch on the fake's clock). */
export interface TimedEvent {
  readonly at: number;
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly detailedStatus?: string;
}

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

/**
 * The events CloudFormation emits for one operation (create or delete), spread evenly over
 * `durationMs`: the stack goes IN_PROGRESS, each resource goes IN_PROGRESS then COMPLETE, and the
 * stack ends in `finalStatus`.
 */
export function operationTimeline(
  operation: 'CREATE' | 'DELETE',
  stack: { name: string; stackId: string },
  resources: readonly (FakeResource & { physicalId: string })[],
  startAt: number,
  durationMs: number,
  finalStatus = `${operation}_COMPLETE`,
  finalReason?: string,
): TimedEvent[] {
  const stackEvent = (at: number, status: string, reason?: string): TimedEvent => ({
    at,
    logicalId: stack.name,
    physicalId: stack.stackId,
    type: STACK_TYPE,
    status,
    ...(reason ? { reason } : {}),
  });
  const ordered = operation === 'DELETE' ? [...resources].reverse() : resources;
  const step = durationMs / (ordered.length + 1);
  const events: TimedEvent[] = [stackEvent(startAt, `${operation}_IN_PROGRESS`, operation === 'CREATE' ? 'User Initiated' : undefined)];
  ordered.forEach((r, i) => {
    const begin = startAt + step * (i + 0.5);
    const base = { logicalId: r.logicalId, physicalId: r.physicalId, type: r.type };
    events.push({ ...base, at: begin, status: `${operation}_IN_PROGRESS` });
    events.push({ ...base, at: begin + step / 2, status: `${operation}_COMPLETE` });
  });
  events.push(stackEvent(startAt + durationMs, finalStatus, finalReason));
  return events;
}

/** What an update does to one resource (the change set's actions). */
export interface ResourceUpdate {
  readonly logicalId: string;
  readonly physicalId: string;
  readonly type: string;
  readonly action: 'Add' | 'Modify' | 'Remove';
}

const UPDATE_STATUS = { Add: 'CREATE', Modify: 'UPDATE', Remove: 'DELETE' } as const;

/**
 * An update (or its rollback) over `durationMs`: UPDATE_IN_PROGRESS, each changed resource created,
 * updated or deleted, then the final status (UPDATE_COMPLETE, or UPDATE_ROLLBACK_COMPLETE).
 */
export function updateTimeline(
  stack: { name: string; stackId: string },
  changes: readonly ResourceUpdate[],
  startAt: number,
  durationMs: number,
  rollback = false,
): TimedEvent[] {
  const prefix = rollback ? 'UPDATE_ROLLBACK' : 'UPDATE';
  const step = durationMs / (changes.length + 1);
  const events: TimedEvent[] = [{ at: startAt, logicalId: stack.name, physicalId: stack.stackId, type: STACK_TYPE, status: `${prefix}_IN_PROGRESS`, reason: 'User Initiated' }];
  changes.forEach((c, i) => {
    const begin = startAt + step * (i + 0.5);
    const base = { logicalId: c.logicalId, physicalId: c.physicalId, type: c.type };
    events.push({ ...base, at: begin, status: `${UPDATE_STATUS[c.action]}_IN_PROGRESS` });
    events.push({ ...base, at: begin + step / 2, status: `${UPDATE_STATUS[c.action]}_COMPLETE` });
  });
  events.push({ at: startAt + durationMs, logicalId: stack.name, physicalId: stack.stackId, type: STACK_TYPE, status: `${prefix}_COMPLETE` });
  return events;
}

/** The events a spec scripts exactly (a realistic deployment, with failures and signal waits). */
export function scriptedTimeline(stack: { name: string; stackId: string }, resources: readonly (FakeResource & { physicalId: string })[], startAt: number, events: readonly ScriptedEvent[]): TimedEvent[] {
  return events.map((e) => {
    const r = resources.find((x) => x.logicalId === e.logicalId);
    const isStack = e.logicalId === stack.name;
    return {
      at: startAt + e.afterMs,
      logicalId: e.logicalId,
      physicalId: isStack ? stack.stackId : (r?.physicalId ?? `${stack.name}-${e.logicalId}`.toLowerCase()),
      type: isStack ? STACK_TYPE : (r?.type ?? 'AWS::CloudFormation::WaitConditionHandle'),
      status: e.status,
      ...(e.reason ? { reason: e.reason } : {}),
      ...(e.detailedStatus ? { detailedStatus: e.detailedStatus } : {}),
    };
  });
}
