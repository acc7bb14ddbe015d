import type { StackEvent } from '@aws-sdk/client-cloudformation';

/** A stack event as the progress model keeps it; plain data, safe to post to a webview. */
export interface DeployEvent {
  readonly eventId: string;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
  /** CONFIGURATION_COMPLETE / VALIDATION_FAILED, when CloudFormation reports it. */
  readonly detailedStatus?: string;
  readonly clientRequestToken?: string;
  /** True for the stack's own events (not its resources', not a nested stack's). */
  readonly isStack: boolean;
}

export function toDeployEvent(e: StackEvent, stackId: string): DeployEvent {
  return {
    eventId: e.EventId ?? '',
    time: (e.Timestamp ?? new Date(0)).getTime(),
    logicalId: e.LogicalResourceId ?? '',
    ...(e.PhysicalResourceId ? { physicalId: e.PhysicalResourceId } : {}),
    resourceType: e.ResourceType ?? '',
    status: e.ResourceStatus ?? '',
    ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
    ...(e.DetailedStatus ? { detailedStatus: e.DetailedStatus } : {}),
    ...(e.ClientRequestToken ? { clientRequestToken: e.ClientRequestToken } : {}),
    isStack: e.ResourceType === 'AWS::CloudFormation::Stack' && (e.PhysicalResourceId === stackId || e.StackId === e.PhysicalResourceId),
  };
}

/** A stack status after which nothing more happens until someone starts another operation. */
export function isTerminalStackStatus(status: string): boolean {
  return status !== '' && !status.endsWith('_IN_PROGRESS');
}

/** The stack-level event that starts an operation (create, update, delete, rollback of an update). */
export function isOperationStart(e: DeployEvent): boolean {
  return e.isStack && /^(CREATE|UPDATE|DELETE|IMPORT)_IN_PROGRESS$/.test(e.status) && (e.reason === undefined || /user initiated/i.test(e.reason));
}
