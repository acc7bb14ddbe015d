import { HOURS_PER_MONTH, PRICE_USD_PER_HOUR } from '../kinds/costs';
import { CPU_WORKER_PRICES, DATABASE_PRICES, GPU_WORKER_PRICES } from '../kinds/tator/tatorCost';
import { billsCompute, databaseBillsCompute, type Billable } from './billables';

/** One GetProducts question: the on-demand price of one unit of something in one region. */
export interface PriceQuery {
  /** Stable name of the price (the cache key within a region). */
  readonly key: string;
  readonly serviceCode: string;
  readonly filters: readonly { readonly field: string; readonly value: string; readonly type?: 'TERM_MATCH' | 'CONTAINS' }[];
  /** Unit of the price dimension to take ('Hrs', or 'GB-Mo' for storage, converted at 730 h per month). */
  readonly unit: 'Hrs' | 'GB-Mo';
  /** Among several products, the one whose usage type matches (e.g. Client VPN endpoint vs connection hours). */
  readonly usagetype?: string;
  /** us-east-1 list price per unit-hour from the kinds' catalog: the fallback when the Price List API cannot answer. */
  readonly catalog?: number;
}

/** One line of a stack's bill: a quantity of a priced unit, or a thing that costs nothing now. */
export interface Charge {
  readonly label: string;
  readonly quantity: number;
  /** Absent: nothing is billed for it now (a stopped instance's compute). */
  readonly query?: PriceQuery;
}

const CATALOG_EC2: Readonly<Record<string, number>> = {
  ...GPU_WORKER_PRICES,
  ...CPU_WORKER_PRICES,
  ...Object.fromEntries(Object.entries(PRICE_USD_PER_HOUR).flatMap(([k, v]) => (k.startsWith('ec2:') ? [[k.slice(4), v]] : []))),
};
const CATALOG_RDS: Readonly<Record<string, number>> = { ...DATABASE_PRICES, 'db.t3.medium': PRICE_USD_PER_HOUR['rds:db.t3.medium-postgres'] };
/** RDS gp3 storage in us-east-1, single-AZ (the Tator kind's figure). */
const RDS_GP3_GB_HOUR = 0.115 / HOURS_PER_MONTH;

/** Price List engine names of the RDS engines the kinds use. */
const RDS_ENGINES: Readonly<Record<string, string>> = { postgres: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB' };
const RDS_STORAGE: Readonly<Record<string, string>> = { gp3: 'General Purpose-GP3', gp2: 'General Purpose', io1: 'Provisioned IOPS', io2: 'Provisioned IOPS-IO2', standard: 'Magnetic' };
const ELB_FAMILY = { application: 'Load Balancer-Application', network: 'Load Balancer-Network', gateway: 'Load Balancer-Gateway' } as const;

function term(field: string, value: string) {
  return { field, value, type: 'TERM_MATCH' as const };
}

function ec2Instance(region: string, type: string): PriceQuery {
  return {
    key: `ec2:${type}`,
    serviceCode: 'AmazonEC2',
    filters: [
      term('regionCode', region),
      term('instanceType', type),
      term('operatingSystem', 'Linux'),
      term('tenancy', 'Shared'),
      term('preInstalledSw', 'NA'),
      term('capacitystatus', 'Used'),
      term('licenseModel', 'No License required'),
    ],
    unit: 'Hrs',
    ...(CATALOG_EC2[type] !== undefined ? { catalog: CATALOG_EC2[type] } : {}),
  };
}

function ebsStorage(region: string, volumeType: string): PriceQuery {
  return {
    key: `ebs:${volumeType}`,
    serviceCode: 'AmazonEC2',
    filters: [term('regionCode', region), term('productFamily', 'Storage'), term('volumeApiName', volumeType)],
    unit: 'GB-Mo',
    ...(volumeType === 'gp3' ? { catalog: PRICE_USD_PER_HOUR.gp3GbHour } : {}),
  };
}

function usage(key: string, serviceCode: string, region: string, contains: string, catalog: number): PriceQuery {
  return { key, serviceCode, filters: [term('regionCode', region), { field: 'usagetype', value: contains, type: 'CONTAINS' }], unit: 'Hrs', usagetype: contains, catalog };
}

function database(region: string, d: Extract<Billable, { kind: 'database' }>): Charge[] {
  const engine = RDS_ENGINES[d.engine] ?? d.engine;
  const deployment = d.multiAz ? 'Multi-AZ' : 'Single-AZ';
  const storageType = RDS_STORAGE[d.storageType] ?? d.storageType;
  const compute: PriceQuery = {
    key: `rds:${d.instanceClass}:${engine}:${deployment}`,
    serviceCode: 'AmazonRDS',
    filters: [term('regionCode', region), term('instanceType', d.instanceClass), term('databaseEngine', engine), term('deploymentOption', deployment)],
    unit: 'Hrs',
    ...(CATALOG_RDS[d.instanceClass] !== undefined && !d.multiAz && engine === 'PostgreSQL' ? { catalog: CATALOG_RDS[d.instanceClass] } : {}),
  };
  const storage: PriceQuery = {
    key: `rds-storage:${d.storageType}:${engine}:${deployment}`,
    serviceCode: 'AmazonRDS',
    filters: [term('regionCode', region), term('productFamily', 'Database Storage'), term('volumeType', storageType), term('databaseEngine', engine), term('deploymentOption', deployment)],
    unit: 'GB-Mo',
    ...(d.storageType === 'gp3' && !d.multiAz ? { catalog: RDS_GP3_GB_HOUR } : {}),
  };
  const running = databaseBillsCompute(d.status);
  return [
    running ? { label: `RDS ${d.id}: ${d.instanceClass} ${engine} ${deployment}`, quantity: 1, query: compute } : { label: `RDS ${d.id}: ${d.status}, compute not billed`, quantity: 0 },
    { label: `RDS ${d.id} storage: ${d.storageGb} GB ${d.storageType}`, quantity: d.storageGb, query: storage },
  ];
}

/** The charges of one billable in a region, each with the query that prices it. */
export function chargesOf(region: string, b: Billable): Charge[] {
  switch (b.kind) {
    case 'instance':
      return billsCompute(b.state)
        ? [{ label: `${b.label}: ${b.instanceType} (${b.state})`, quantity: 1, query: ec2Instance(region, b.instanceType) }]
        : [{ label: `${b.label}: ${b.instanceType} ${b.state}, compute not billed`, quantity: 0 }];
    case 'volume':
      return [{ label: `${b.label} volume: ${b.sizeGb} GB ${b.volumeType}`, quantity: b.sizeGb, query: ebsStorage(region, b.volumeType) }];
    case 'publicIpv4':
      return [{ label: `${b.elastic ? 'Elastic IP' : `public IPv4 of ${b.label}`} ${b.address}`, quantity: 1, query: usage('ipv4:in-use', 'AmazonVPC', region, 'PublicIPv4:InUseAddress', PRICE_USD_PER_HOUR.publicIpv4) }];
    case 'natGateway':
      return [
        {
          label: `NAT gateway ${b.id} (${b.state})`,
          quantity: 1,
          query: { key: 'nat:hour', serviceCode: 'AmazonEC2', filters: [term('regionCode', region), term('productFamily', 'NAT Gateway')], unit: 'Hrs', usagetype: 'NatGateway-Hours', catalog: PRICE_USD_PER_HOUR.natGateway },
        },
      ];
    case 'clientVpnAssociation':
      return [{ label: `Client VPN ${b.endpointId}: ${b.count} subnet association${b.count === 1 ? '' : 's'}`, quantity: b.count, query: usage('cvpn:endpoint', 'AmazonVPC', region, 'ClientVPN-EndpointHours', PRICE_USD_PER_HOUR.clientVpnAssociation) }];
    case 'clientVpnConnection':
      return [{ label: `Client VPN ${b.endpointId}: ${b.count} active connection${b.count === 1 ? '' : 's'}`, quantity: b.count, query: usage('cvpn:connection', 'AmazonVPC', region, 'ClientVPN-ConnectionHours', PRICE_USD_PER_HOUR.clientVpnConnection) }];
    case 'loadBalancer':
      return [
        {
          label: `${b.type} load balancer ${b.name}`,
          quantity: 1,
          query: {
            key: `elb:${b.type}`,
            serviceCode: 'AWSELB',
            filters: [term('regionCode', region), term('productFamily', ELB_FAMILY[b.type])],
            unit: 'Hrs',
            usagetype: 'LoadBalancerUsage',
            ...(b.type === 'gateway' ? {} : { catalog: PRICE_USD_PER_HOUR[b.type === 'application' ? 'applicationLoadBalancer' : 'networkLoadBalancer'] }),
          },
        },
      ];
    case 'database':
      return database(region, b);
    case 'eksCluster':
      return [{ label: `EKS control plane ${b.name}`, quantity: 1, query: usage('eks:cluster', 'AmazonEKS', region, 'AmazonEKS-Hours:perCluster', PRICE_USD_PER_HOUR.eksControlPlane) }];
  }
}
