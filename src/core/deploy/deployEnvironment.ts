import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsClients } from '../aws/clients';
import type { AwsResourceKind } from '../cfn/parameterTypes';
import { parseTemplate } from '../cfn/parseTemplate';
import type { LoadedTemplate } from '../cfn/templateTypes';
import { kindRecord, type KindId } from '../kinds/kinds';
import { ensurePrivateDir } from '../ssh/secureFile';
import { listStackInstances } from '../stacks/stackInstances';
import { accountChoices, type AccountChoice } from './accountChoices';
import { zonesOffering } from './zonesOffering';

/**
 * What the deploy use case needs from outside, the same for the wizard, the update flow and the
 * CLI: account look-ups, the caller's address, the kinds' templates and a place for generated
 * material. Tests pass fakes.
 */
export interface DeployEnvironment {
  /** SDK clients, each created on first use. */
  readonly clients: AwsClients;
  loadKindTemplate(kind: KindId): Promise<LoadedTemplate>;
  publicIp(signal?: AbortSignal): Promise<string>;
  /** Values of an AWS-specific parameter type from the account (key pairs, VPCs, subnets, ...). */
  accountChoices(region: string, resource: AwsResourceKind, signal?: AbortSignal): Promise<readonly AccountChoice[]>;
  /** The region's zones that offer an instance type, in name order. */
  zonesOffering(region: string, instanceType: string, signal?: AbortSignal): Promise<readonly string[]>;
  /** The zone an existing stack's (first) instance runs in. */
  instanceZone(region: string, stackName: string, signal?: AbortSignal): Promise<string | undefined>;
  /** A private (0700) directory for what a kind generates for one stack; made on first call. */
  storageDirectory(kind: KindId, region: string, stackName: string): Promise<string>;
  /** A file that ships with the extension (a service bundle a kind stages), by path relative to its root. */
  readShippedFile(relativePath: string): Promise<Buffer>;
}

export interface DeployEnvironmentInit {
  readonly clients: AwsClients;
  /** The folder holding package.json and templates/. */
  readonly extensionRoot: string;
  /** Where kinds keep generated material (the extension's global storage, or ~/.imaging-lab for the CLI). */
  readonly storageRoot: string;
  readonly publicIp: (signal?: AbortSignal) => Promise<string>;
}

export async function readKindTemplate(extensionRoot: string, kind: KindId): Promise<LoadedTemplate> {
  const file = kindRecord(kind).templateFile;
  if (!file) throw new Error(`The ${kind} template does not ship in this version yet. Deploy it from a template file instead.`);
  return parseTemplate(await readFile(join(extensionRoot, file), 'utf8'), file);
}

const SAFE = (text: string) => text.replace(/[^A-Za-z0-9-]/g, '_');

/** Where a kind keeps what it generated for one stack (names from AWS are reduced to safe characters). */
export function kindStoragePath(storageRoot: string, kind: KindId, region: string, stackName: string): string {
  return join(storageRoot, 'kinds', kind, SAFE(region), SAFE(stackName));
}

/**
 * The environment over real AWS. Offering zones are asked once per region and type (the wizard's
 * zone step and its review share the answer); a failed call is forgotten, so a retry asks again.
 */
export function createDeployEnvironment(init: DeployEnvironmentInit): DeployEnvironment {
  const offered = new Map<string, Promise<string[]>>();
  return {
    clients: init.clients,
    loadKindTemplate: (kind) => readKindTemplate(init.extensionRoot, kind),
    publicIp: init.publicIp,
    accountChoices: (region, resource, signal) => accountChoices(init.clients, region, resource, signal),
    zonesOffering(region, instanceType, signal) {
      const key = `${region} ${instanceType}`;
      const known = offered.get(key);
      if (known) return known;
      const asked = zonesOffering(init.clients, region, instanceType, signal);
      offered.set(key, asked);
      asked.catch(() => offered.delete(key));
      return asked;
    },
    instanceZone: async (region, stackName, signal) => (await listStackInstances(init.clients, region, stackName, signal)).find((i) => i.availabilityZone)?.availabilityZone,
    async storageDirectory(kind, region, stackName) {
      const dir = kindStoragePath(init.storageRoot, kind, region, stackName);
      await ensurePrivateDir(dir);
      return dir;
    },
    readShippedFile: (relativePath) => readFile(join(init.extensionRoot, relativePath)),
  };
}
