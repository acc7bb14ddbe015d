import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsClients } from '../../../src/core/aws/clients';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import type { DeployEnvironment } from '../../../src/core/deploy/deployEnvironment';
import { kindRecord } from '../../../src/core/kinds/kinds';

const ROOT = join(__dirname, '..', '..', '..');

/** Zones of the fake account: '<region>a' offers no GPU type (as one us-east-1 zone does not); g6e is offered nowhere. */
export function fakeZones(region: string, instanceType: string): string[] {
  if (instanceType.startsWith('g6e')) return [];
  return /^[gp]\d/.test(instanceType) ? [`${region}b`, `${region}c`] : [`${region}a`, `${region}b`, `${region}c`];
}

/** A deploy environment without AWS: the shipped templates, a fixed public IP, scripted account values. */
export function fakeDeployEnvironment(over: Partial<DeployEnvironment> = {}): DeployEnvironment {
  return {
    clients: {} as AwsClients,
    loadKindTemplate: async (kind) => parseTemplate(readFileSync(join(ROOT, kindRecord(kind).templateFile ?? ''), 'utf8'), kindRecord(kind).templateFile ?? ''),
    publicIp: async () => '127.0.0.23',
    accountChoices: async (_r, resource) => (resource === 'key-pair' ? [{ label: 'lab-key', value: 'lab-key' }] : resource === 'vpc' ? [{ label: 'vpc-0aa (default)', value: 'vpc-0aa' }] : []),
    zonesOffering: async (region, type) => fakeZones(region, type),
    instanceZone: async (region) => `${region}a`,
    storageDirectory: async () => {
      throw new Error('no kind of this test stores anything');
    },
    readShippedFile: async (relativePath) => readFileSync(join(ROOT, relativePath)),
    ...over,
  };
}
