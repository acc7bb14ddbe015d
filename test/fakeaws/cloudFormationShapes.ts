import type { FakeAwsState, StackRecord } from './state';
import type { TimedEvent } from './timeline';
import type { XmlValue } from './xml';

/** Stack shape of DescribeStacks (CloudFormation API reference, "Stack" data type). */
export function stackShape(state: FakeAwsState, s: StackRecord): XmlValue {
  const status = state.status(s);
  const done = /_COMPLETE$/.test(status) && !status.startsWith('DELETE');
  const updated = state.lastUpdated(s);
  return {
    StackId: s.stackId,
    StackName: s.name,
    Description: s.description,
    Parameters: Object.entries(s.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
    CreationTime: new Date(s.createdAt),
    LastUpdatedTime: status.startsWith('UPDATE') || status.startsWith('DELETE') ? new Date(updated) : undefined,
    DeletionTime: status.startsWith('DELETE') ? new Date(updated) : undefined,
    StackStatus: status,
    StackStatusReason: state.statusReason(s),
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: ['CAPABILITY_IAM'],
    // CloudFormation only reports outputs once the resources that produce them exist.
    Outputs: done ? s.outputs.map((o) => ({ OutputKey: o.key, OutputValue: o.value, Description: o.description })) : undefined,
    Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function stackSummaryShape(state: FakeAwsState, s: StackRecord): XmlValue {
  const status = state.status(s);
  return {
    StackId: s.stackId,
    StackName: s.name,
    TemplateDescription: s.description,
    CreationTime: new Date(s.createdAt),
    LastUpdatedTime: status.startsWith('UPDATE') ? new Date(state.lastUpdated(s)) : undefined,
    DeletionTime: status === 'DELETE_COMPLETE' ? new Date(state.lastUpdated(s)) : undefined,
    StackStatus: status,
    StackStatusReason: state.statusReason(s),
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function eventShape(s: StackRecord, e: TimedEvent, index: number): XmlValue {
  return {
    StackId: s.stackId,
    EventId: e.type === 'AWS::CloudFormation::Stack' ? `${e.logicalId}-${index}-${e.at}` : `${e.logicalId}-${e.status}-${e.at}`,
    StackName: s.name,
    LogicalResourceId: e.logicalId,
    PhysicalResourceId: e.physicalId,
    ResourceType: e.type,
    Timestamp: new Date(e.at),
    ResourceStatus: e.status,
    ResourceStatusReason: e.reason,
    DetailedStatus: e.detailedStatus,
  };
}

/** Resources that have at least one visible event, with their latest status. */
export function resourceRows(state: FakeAwsState, s: StackRecord): { logicalId: string; physicalId: string; type: string; status: string; at: number }[] {
  const rows = [];
  for (const r of s.resources) {
    const last = state.visibleEvents(s).filter((e) => e.logicalId === r.logicalId && e.type !== 'AWS::CloudFormation::Stack').at(-1);
    if (last && last.status !== 'DELETE_COMPLETE') rows.push({ logicalId: r.logicalId, physicalId: r.physicalId, type: r.type, status: last.status, at: last.at });
  }
  return rows;
}
