import type { CostEstimate, CostItem } from './kindTypes';

/**
 * us-east-1 on-demand list prices in USD per hour, as published by AWS (Linux, no upfront, no
 * free tier). ESTIMATES: prices change, other regions differ, and data transfer, requests and
 * storage growth are not included. Monthly prices are converted at 730 hours per month.
 */
export const HOURS_PER_MONTH = 730;

export const PRICE_USD_PER_HOUR = {
  'ec2:g4dn.xlarge': 0.526,
  'ec2:g4dn.2xlarge': 0.752,
  'ec2:g4dn.4xlarge': 1.204,
  'ec2:g5.xlarge': 1.006,
  'ec2:g5.2xlarge': 1.212,
  'ec2:g6.xlarge': 0.8048,
  'ec2:t3.micro': 0.0104,
  'ec2:t3.small': 0.0208,
  'ec2:t3.medium': 0.0416,
  'ec2:t3.large': 0.0832,
  'ec2:m5.large': 0.096,
  'ec2:m5.xlarge': 0.192,
  'rds:db.t3.medium-postgres': 0.072,
  /** Every public IPv4 address, Elastic IP or not, since February 2024. */
  publicIpv4: 0.005,
  natGateway: 0.045,
  clientVpnAssociation: 0.1,
  clientVpnConnection: 0.05,
  eksControlPlane: 0.1,
  applicationLoadBalancer: 0.0225,
  networkLoadBalancer: 0.0225,
  fargateVcpu: 0.04048,
  fargateGb: 0.004445,
  /** gp3 and EFS are priced per GB-month; these are per GB-hour. */
  gp3GbHour: 0.08 / HOURS_PER_MONTH,
  efsStandardGbHour: 0.3 / HOURS_PER_MONTH,
  secretsManagerSecret: 0.4 / HOURS_PER_MONTH,
  kmsKey: 1 / HOURS_PER_MONTH,
  /** Detailed (1-minute) EC2 monitoring: 7 metrics at $0.30 per metric-month. */
  ec2DetailedMonitoring: 2.1 / HOURS_PER_MONTH,
  // stowrs: its Graviton instance, the NLB's capacity units, CloudWatch alarms.
  'ec2:t4g.small': 0.0168,
  nlbCapacityUnit: 0.006,
  cloudWatchAlarm: 0.1 / HOURS_PER_MONTH,
} as const;

export type PricedItem = keyof typeof PRICE_USD_PER_HOUR;

export const COST_NOTE =
  'Estimate from us-east-1 on-demand list prices (USD, per hour while running); excludes data transfer, ' +
  'requests, snapshots and taxes. Check the AWS Pricing Calculator for your region.';

/** One line: `count` units of a priced item (e.g. 200 GB of gp3, 2 Fargate vCPU). */
export function line(item: string, price: PricedItem, count = 1): CostItem {
  return { item, usdPerHour: round4(PRICE_USD_PER_HOUR[price] * count) };
}

export function estimate(items: readonly CostItem[], note = COST_NOTE): CostEstimate {
  return { items, usdPerHour: round4(items.reduce((sum, i) => sum + i.usdPerHour, 0)), note };
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
