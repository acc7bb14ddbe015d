/**
 * What a stack has running that AWS bills by the hour, as found in AWS (not as the template says).
 * Each kind is priced by its own query (priceQueries.ts).
 */
export type Billable =
  | { readonly kind: 'instance'; readonly id: string; readonly label: string; readonly instanceType: string; readonly state: string }
  | { readonly kind: 'volume'; readonly id: string; readonly label: string; readonly volumeType: string; readonly sizeGb: number }
  | { readonly kind: 'publicIpv4'; readonly address: string; readonly label: string; readonly elastic: boolean }
  | { readonly kind: 'natGateway'; readonly id: string; readonly state: string }
  | { readonly kind: 'clientVpnAssociation'; readonly endpointId: string; readonly count: number }
  | { readonly kind: 'clientVpnConnection'; readonly endpointId: string; readonly count: number }
  | { readonly kind: 'loadBalancer'; readonly name: string; readonly type: 'application' | 'network' | 'gateway' }
  | {
      readonly kind: 'database';
      readonly id: string;
      readonly instanceClass: string;
      readonly engine: string;
      readonly multiAz: boolean;
      readonly status: string;
      readonly storageGb: number;
      readonly storageType: string;
    }
  | { readonly kind: 'eksCluster'; readonly name: string };

/** Instance states in which EC2 bills compute (a stopping instance bills until it is stopped). */
export function billsCompute(state: string): boolean {
  return state === 'pending' || state === 'running' || state === 'stopping';
}

/** RDS statuses without compute billing: a stopped database pays for its storage only. */
export function databaseBillsCompute(status: string): boolean {
  return !['stopped', 'stopping', 'deleting', 'failed', 'inaccessible-encryption-credentials'].includes(status);
}

export interface Discovery {
  readonly billables: readonly Billable[];
  /** Billed by use or by the month, not counted in the hourly figure; said next to it. */
  readonly notCounted: readonly string[];
}
