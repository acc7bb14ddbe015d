import type { DeployEvent } from './deployEvent';
import type { ProgressState } from './progressTypes';
import { resourceConsoleUrl } from './resourceLinks';

export interface RootCause {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string;
  readonly reason: string;
  /** What to do about it, when the reason is a known one. */
  readonly advice?: string;
  readonly consoleUrl: string;
}

/** Failures that only follow from another failure: they are never the root cause. */
const NOISE = /resource (creation|update|deletion) cancell?ed|cancell?ed by|the following resource\(s\) failed to|resource handler returned message: "?null"?$/i;

const ADVICE: readonly (readonly [RegExp, string])[] = [
  [/failed to receive \d+ resource signal|timed out waiting for.*signal|WaitCondition timed out/i,
    'The instance did not report success in time: its software install failed or took too long. Read the boot log tail, fix the cause (often a package mirror or quota), then deploy again.'],
  [/not authorized|AccessDenied|is not authorized to perform/i,
    'The deploying identity lacks a permission CloudFormation needed. Grant the named action, or deploy with a profile that has it.'],
  [/limit exceeded|LimitExceeded|quota|VcpuLimitExceeded|AddressLimitExceeded/i,
    'An account quota is exhausted. Free resources in the region or ask for a higher quota (Service Quotas console), then deploy again.'],
  [/InsufficientInstanceCapacity|insufficient capacity|Unsupported.*instance type|is not supported in your requested Availability Zone/i,
    'AWS has no capacity for this instance type in the chosen zone. Pick another instance type or region, then deploy again.'],
  [/already exists/i, 'A resource with the same name exists outside this stack. Delete or rename it, or choose another stack name.'],
  [/bucket you tried to delete is not empty|BucketNotEmpty/i,
    'The bucket still holds objects. Empty it (aws s3 rm s3://BUCKET --recursive, plus old versions if versioning is on), then delete again, or delete again keeping the bucket.'],
  [/has a dependent object|DependencyViolation|in use/i,
    'Something outside this stack still uses the resource (a network interface, another rule or attachment). Remove that dependency, then delete again.'],
];

export function adviceFor(reason: string): string | undefined {
  return ADVICE.find(([re]) => re.test(reason))?.[1];
}

function isFailure(e: DeployEvent): boolean {
  return e.status.endsWith('_FAILED') && e.reason !== undefined && !isConsequence(e.reason);
}

/** A failure reason that only reports another failure (a cancellation, a list of failed resources). */
export function isConsequence(reason: string): boolean {
  return NOISE.test(reason);
}

/**
 * The first resource that failed and why, skipping the cancellations that follow it. Falls back to
 * the stack's own reason when no resource failure explains it (e.g. a hook, or a rollback timeout).
 */
export function rootCause(state: Pick<ProgressState, 'failures' | 'region' | 'stackId'>): RootCause | undefined {
  const first = state.failures.find((e) => !e.isStack && isFailure(e)) ?? state.failures.find((e) => e.isStack && isFailure(e));
  if (!first?.reason) return undefined;
  const advice = adviceFor(first.reason);
  return {
    logicalId: first.logicalId,
    resourceType: first.resourceType,
    ...(first.physicalId ? { physicalId: first.physicalId } : {}),
    reason: first.reason,
    ...(advice ? { advice } : {}),
    consoleUrl: resourceConsoleUrl(state.region, state.stackId, first.resourceType, first.physicalId),
  };
}

export interface LeftBehind {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly physicalId?: string;
  readonly kind: 'retained' | 'delete-failed';
  readonly explanation: string;
}

/** After a delete: resources CloudFormation kept (DeletionPolicy Retain) or could not delete, with what to do. */
export function leftBehind(state: ProgressState): LeftBehind[] {
  return state.rows.flatMap((r): LeftBehind[] => {
    const base = { logicalId: r.logicalId, resourceType: r.type, ...(r.physicalId ? { physicalId: r.physicalId } : {}) };
    if (r.status === 'DELETE_SKIPPED') {
      return [{ ...base, kind: 'retained', explanation: `Kept on purpose (DeletionPolicy: Retain) and still billed if it holds data. Delete ${r.physicalId ?? 'it'} by hand when no longer needed.` }];
    }
    if (r.status === 'DELETE_FAILED') {
      const reason = r.reason ?? 'no reason given';
      return [{ ...base, kind: 'delete-failed', explanation: `${reason}. ${adviceFor(reason) ?? 'Fix the cause, then delete again, or delete again keeping this resource.'}` }];
    }
    return [];
  });
}
