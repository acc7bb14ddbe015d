import { escapeXml } from './xml';
import type { FakeAwsState } from './state';

/** The RDS operations the fake answers. */
export const RDS_OPERATIONS: readonly string[] = ['DescribeDBInstances'];

/**
 * RDS (awsQuery, version 2014-10-31): DescribeDBInstances for the stacks' AWS::RDS::DBInstance
 * resources (db.t4g.small PostgreSQL, 20 GB gp3, available). RDS names list members after their
 * type (`<DBInstance>`), not `<member>`, so the response is written here whole.
 */
export function rdsResponse(state: FakeAwsState, region: string, action: string, params: Record<string, unknown>, requestId: string): string | undefined {
  if (!RDS_OPERATIONS.includes(action)) return undefined;
  // Query form: Filters.Filter.1.Name=db-instance-id&Filters.Filter.1.Values.Value.1=<id>
  const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const filters = asList((params.Filters as { Filter?: unknown } | undefined)?.Filter ?? params.Filters) as { Name?: string; Values?: { Value?: unknown } | unknown[] }[];
  const wanted = filters.find((f) => f?.Name === 'db-instance-id');
  const ids = wanted ? asList(Array.isArray(wanted.Values) ? wanted.Values : wanted.Values?.Value).map(String) : undefined;
  const databases = state.stacks
    .filter((s) => s.region === region && !state.isDeleted(s))
    .flatMap((s) => s.resources.filter((r) => r.type === 'AWS::RDS::DBInstance' && state.resourceStatus(s, r.logicalId) === 'CREATE_COMPLETE'))
    .filter((r) => !ids || ids.includes(r.physicalId));
  const members = databases
    .map(
      (r) =>
        `<DBInstance><DBInstanceIdentifier>${escapeXml(r.physicalId)}</DBInstanceIdentifier><DBInstanceClass>db.t4g.small</DBInstanceClass>` +
        `<Engine>postgres</Engine><DBInstanceStatus>available</DBInstanceStatus><AllocatedStorage>20</AllocatedStorage><StorageType>gp3</StorageType><MultiAZ>false</MultiAZ></DBInstance>`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">` +
    `<DescribeDBInstancesResult><DBInstances>${members}</DBInstances></DescribeDBInstancesResult>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`
  );
}
