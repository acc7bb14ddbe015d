import { acmHandlers } from './acm';
import { cloudWatchHandlers } from './cloudWatch';
import { changeSetHandlers } from './changeSets';
// lab kind
import { clientVpnHandlers } from './clientVpn';
import { cloudFormationHandlers } from './cloudFormation';
import { ec2BillingHandlers } from './ec2Billing';
import { ec2Handlers } from './ec2';
import { ec2NetworkHandlers } from './ec2Network';
import { ec2PowerHandlers } from './ec2Power';
import { eksHandlers } from './eks';
import { instanceConnectHandlers } from './instanceConnect';
import { pricingHandlers } from './pricing';
import type { QueryObject } from './queryParams';
import { RDS_OPERATIONS } from './rds';
import { s3Handlers } from './s3';
import { secretsManagerHandlers } from './secretsManager';
import { ssmHandlers } from './ssm';
import type { FakeAwsState } from './state';
import { stsHandlers } from './sts';
import type { XmlValue } from './xml';

/** Services by their SigV4 signing name, as the SDK clients the product uses sign them. */
export type FakeService = 'cloudformation' | 'ec2' | 's3' | 'sts' | 'ssm' | 'secretsmanager' | 'ec2-instance-connect' | 'acm' | 'eks' | 'pricing' | 'monitoring' | 'rds';

type QueryHandler = (state: FakeAwsState, region: string, p: QueryObject) => XmlValue;
type JsonHandler = (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown;

const QUERY: Readonly<Record<'cloudformation' | 'sts' | 'ec2', Readonly<Record<string, QueryHandler>>>> = {
  cloudformation: { ...cloudFormationHandlers, ...changeSetHandlers },
  sts: stsHandlers,
  ec2: { ...ec2Handlers, ...ec2NetworkHandlers, ...ec2PowerHandlers, ...ec2BillingHandlers, ...clientVpnHandlers },
};
const JSON_SERVICES: Readonly<Record<'ssm' | 'secretsmanager' | 'ec2-instance-connect' | 'acm' | 'pricing' | 'monitoring', Readonly<Record<string, JsonHandler>>>> = {
  ssm: ssmHandlers,
  acm: acmHandlers,
  secretsmanager: secretsManagerHandlers,
  'ec2-instance-connect': instanceConnectHandlers,
  pricing: pricingHandlers,
  monitoring: cloudWatchHandlers,
};

export function queryHandler(service: 'cloudformation' | 'sts' | 'ec2', action: string): QueryHandler | undefined {
  return Object.hasOwn(QUERY[service], action) ? QUERY[service][action] : undefined;
}

export function jsonHandler(service: FakeService, action: string): JsonHandler | undefined {
  const table = (JSON_SERVICES as Record<string, Readonly<Record<string, JsonHandler>>>)[service];
  return table && Object.hasOwn(table, action) ? table[action] : undefined;
}

/** Every operation the fake answers, by service: what the coverage test compares the product's calls with. */
export const FAKE_OPERATIONS: Readonly<Record<FakeService, readonly string[]>> = {
  cloudformation: Object.keys(QUERY.cloudformation),
  sts: Object.keys(QUERY.sts),
  ec2: Object.keys(QUERY.ec2),
  ssm: Object.keys(JSON_SERVICES.ssm),
  secretsmanager: Object.keys(JSON_SERVICES.secretsmanager),
  'ec2-instance-connect': Object.keys(JSON_SERVICES['ec2-instance-connect']),
  acm: Object.keys(JSON_SERVICES.acm),
  s3: Object.keys(s3Handlers),
  eks: Object.keys(eksHandlers),
  pricing: Object.keys(JSON_SERVICES.pricing),
  monitoring: Object.keys(JSON_SERVICES.monitoring),
  rds: RDS_OPERATIONS,
};
