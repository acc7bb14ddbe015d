import { COST_NOTE, estimate, HOURS_PER_MONTH, PRICE_USD_PER_HOUR } from '../costs';
import type { CostEstimate, CostItem } from '../kindTypes';

/**
 * What a Tator stack's parameters may be, with us-east-1 on-demand list prices in USD per hour
 * (Linux; RDS single-AZ PostgreSQL). ESTIMATES, like the catalog's table (src/core/kinds/costs.ts),
 * which these extend; the template takes its AllowedValues from the same lists.
 */
export const CPU_WORKER_PRICES = {
  'm5.xlarge': 0.192,
  'm5.2xlarge': 0.384,
  'm6i.xlarge': 0.192,
  'm6i.2xlarge': 0.384,
  'm7i.xlarge': 0.2016,
  'm7i.2xlarge': 0.4032,
} as const;
export const GPU_WORKER_PRICES = {
  'g4dn.xlarge': 0.526,
  'g4dn.2xlarge': 0.752,
  'g5.xlarge': 1.006,
  'g5.2xlarge': 1.212,
  'g6.xlarge': 0.8048,
  'g6.2xlarge': 0.9776,
} as const;
export const DATABASE_PRICES = {
  'db.t4g.small': 0.032,
  'db.t4g.micro': 0.016,
  'db.t4g.medium': 0.065,
  'db.t4g.large': 0.129,
  'db.m7g.large': 0.168,
} as const;

export type CpuInstanceType = keyof typeof CPU_WORKER_PRICES;
export type GpuInstanceType = keyof typeof GPU_WORKER_PRICES;
export type DatabaseClass = keyof typeof DATABASE_PRICES;

/** The stack parameters that decide its cost (names as in the template). */
export interface TatorSizing {
  readonly cpuInstanceType: CpuInstanceType;
  readonly cpuWorkers: number;
  readonly gpuInstanceType: GpuInstanceType;
  readonly gpuWorkers: number;
  readonly databaseClass: DatabaseClass;
}

export const DEFAULT_TATOR_SIZING: TatorSizing = {
  cpuInstanceType: 'm5.xlarge',
  cpuWorkers: 2,
  gpuInstanceType: 'g4dn.xlarge',
  gpuWorkers: 0,
  databaseClass: 'db.t4g.small',
};

/** Encrypted gp3 per node: Bottlerocket's 8 GB OS volume plus its data volume (images, containers). */
const CPU_NODE_GB = 8 + 50;
const GPU_NODE_GB = 8 + 100;
const DATABASE_GB = 20;
const RDS_GP3_GB_HOUR = 0.115 / HOURS_PER_MONTH;
const SECRETS = 3;

export const TATOR_COST_NOTE =
  `${COST_NOTE} Also billed by use: EFS storage ($0.30 per GB-month), S3 media ($0.023 per GB-month), NAT gateway ` +
  'and load balancer traffic, CloudWatch logs. The one-off installer instance runs under an hour (t3.small).';

/** Hourly estimate of a Tator stack of this size; GPU lines appear only when there are GPU workers. */
export function tatorHourlyCost(s: TatorSizing): CostEstimate {
  const items: CostItem[] = [
    item('EKS control plane (standard support)', PRICE_USD_PER_HOUR.eksControlPlane),
    item(`CPU workers: ${s.cpuWorkers} × ${s.cpuInstanceType}`, CPU_WORKER_PRICES[s.cpuInstanceType] * s.cpuWorkers),
    item(`CPU worker volumes: ${s.cpuWorkers} × ${CPU_NODE_GB} GB gp3`, PRICE_USD_PER_HOUR.gp3GbHour * CPU_NODE_GB * s.cpuWorkers),
    ...(s.gpuWorkers > 0
      ? [
          item(`GPU workers: ${s.gpuWorkers} × ${s.gpuInstanceType}`, GPU_WORKER_PRICES[s.gpuInstanceType] * s.gpuWorkers),
          item(`GPU worker volumes: ${s.gpuWorkers} × ${GPU_NODE_GB} GB gp3`, PRICE_USD_PER_HOUR.gp3GbHour * GPU_NODE_GB * s.gpuWorkers),
        ]
      : []),
    item(`PostgreSQL: RDS ${s.databaseClass}, single-AZ`, DATABASE_PRICES[s.databaseClass]),
    item(`PostgreSQL storage: ${DATABASE_GB} GB gp3`, RDS_GP3_GB_HOUR * DATABASE_GB),
    item('NAT gateway (one, with its public IPv4 address)', PRICE_USD_PER_HOUR.natGateway + PRICE_USD_PER_HOUR.publicIpv4),
    item('Network load balancer (nginx), two public IPv4 addresses', PRICE_USD_PER_HOUR.networkLoadBalancer + 2 * PRICE_USD_PER_HOUR.publicIpv4),
    item('KMS key', PRICE_USD_PER_HOUR.kmsKey),
    item(`Secrets Manager: ${SECRETS} secrets`, PRICE_USD_PER_HOUR.secretsManagerSecret * SECRETS),
  ];
  return estimate(items, TATOR_COST_NOTE);
}

/** For "Scale GPU Workers": the hourly cost now and with `gpuWorkers` GPU nodes. */
export function gpuScaleCost(current: TatorSizing, gpuWorkers: number): { readonly before: CostEstimate; readonly after: CostEstimate; readonly deltaUsdPerHour: number } {
  const before = tatorHourlyCost(current);
  const after = tatorHourlyCost({ ...current, gpuWorkers });
  return { before, after, deltaUsdPerHour: Math.round((after.usdPerHour - before.usdPerHour) * 10_000) / 10_000 };
}

function item(name: string, usdPerHour: number): CostItem {
  return { item: name, usdPerHour: Math.round(usdPerHour * 10_000) / 10_000 };
}
