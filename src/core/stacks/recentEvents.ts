import { DescribeStackEventsCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';

export interface StackEventInfo {
  readonly eventId: string;
  readonly timestamp: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
  readonly physicalId?: string;
}

/** The newest events of a stack: one page only (the API returns newest first). */
export async function recentStackEvents(
  clients: AwsClients,
  region: string,
  stackName: string,
  limit = 25,
  signal?: AbortSignal,
): Promise<StackEventInfo[]> {
  const cfn = await clients.cloudFormation(region);
  const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }), { abortSignal: signal });
  return (page.StackEvents ?? []).slice(0, limit).map((e) => ({
    eventId: e.EventId ?? '',
    timestamp: (e.Timestamp ?? new Date(0)).toISOString(),
    logicalId: e.LogicalResourceId ?? '',
    resourceType: e.ResourceType ?? '',
    status: e.ResourceStatus ?? '',
    ...(e.ResourceStatusReason ? { reason: e.ResourceStatusReason } : {}),
    ...(e.PhysicalResourceId ? { physicalId: e.PhysicalResourceId } : {}),
  }));
}
