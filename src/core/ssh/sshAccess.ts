import { access, readFile } from 'node:fs/promises';
import type { AwsClients } from '../aws/clients';
import { fetchConsoleHostKeys } from './consoleHostKeys';
import { addManagedHost, type AddHostResult } from './hostAccess';
import type { HostKey } from './hostKeyPins';
import { generateEphemeralKey, pushInstanceConnectKey } from './instanceConnect';
import { installKeyPairKey } from './keyPairKey';
import { pinName, readPins, writePins } from './knownHosts';
import { claimAlias } from './managedConfig';
import { ensurePrivateDir, writeFileAtomic } from './secureFile';
import { connectSsh, type SshConnection, type SshEndpoint } from './sshConnect';
import type { SshHostPlan } from './sshPlan';
import { keyFilePath, type SshPaths } from './sshPaths';
import { SshSetupError } from './sshAwsErrors';
import { loadSsh2 } from './ssh2Module';
import type { Log } from '../util/log';

export interface AccessDeps {
  readonly clients: Pick<AwsClients, 'ssm' | 'ec2' | 'ec2InstanceConnect' | 'cloudFormation'>;
  readonly paths: SshPaths;
  readonly region: string;
  /** Written into the SSM ProxyCommand so it works without environment variables. */
  readonly profile?: string;
  readonly progress?: (message: string) => void;
  readonly signal?: AbortSignal;
  /** Each connection is logged here: who, where, route, how long, or why it failed. */
  readonly log?: Pick<Log, 'info' | 'warn'>;
}

/** Hops in connection order: jump host first. */
export function hops(plan: SshHostPlan): SshHostPlan[] {
  return plan.route.kind === 'jump' ? [...hops(plan.route.via), plan] : [plan];
}

/**
 * Host keys for a hop, pinned under its alias and instance (never under a host name a stack
 * chose): fresh ones from the console output replace the pins (the console is read through the
 * authenticated EC2 API, so it is the trusted source); otherwise the existing pins.
 */
async function consoleKeys(deps: AccessDeps, plan: SshHostPlan): Promise<HostKey[]> {
  deps.progress?.(`Reading host keys of ${plan.instance.instanceId} from its console output…`);
  return fetchConsoleHostKeys(deps.clients, deps.region, plan.instance.instanceId, deps.signal);
}

/** The alias the hop has (or would get) in the managed config: the wanted one unless another stack holds it. */
function aliasOf(deps: AccessDeps, plan: SshHostPlan): Promise<string> {
  return claimAlias(deps.paths, plan.alias, plan.owner);
}

/** Key file for OpenSSH: the stack's key pair from SSM, or a local key pushed by Instance Connect. */
async function ensureKeyFile(deps: AccessDeps, plan: SshHostPlan): Promise<string> {
  if (plan.keySource.kind === 'keyPair') {
    deps.progress?.('Fetching the private key from Parameter Store…');
    const stack = { stackName: plan.owner.name, stackId: plan.owner.stackId ?? '', region: plan.owner.region };
    return installKeyPairKey(deps.clients, stack, plan.keySource.parameter, deps.paths, plan.keyName, deps.signal);
  }
  // OpenSSH needs the Instance Connect key in a file: written 0600 in the 0700 managed folder, it
  // is worth nothing 60 s after each push, and forgetStack removes it with the stack's hosts.
  const file = keyFilePath(deps.paths, `${plan.keyName}-eic`);
  try {
    await access(file);
  } catch {
    const key = await generateEphemeralKey();
    await ensurePrivateDir(deps.paths.managedDir);
    await writeFileAtomic(file, key.privateKey, { mode: 0o600 });
  }
  return file;
}

async function publicKeyOf(privateKey: string): Promise<string> {
  const { utils } = await loadSsh2();
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('The stored Instance Connect key could not be read; delete it and try again.');
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')}`;
}

async function pushKey(deps: AccessDeps, plan: SshHostPlan, publicKey: string): Promise<void> {
  deps.progress?.(`Pushing a temporary key to ${plan.instance.instanceId} (EC2 Instance Connect)…`);
  await pushInstanceConnectKey(
    deps.clients,
    { region: deps.region, instanceId: plan.instance.instanceId, osUser: plan.user, publicKey, availabilityZone: plan.instance.availabilityZone },
    deps.signal,
  );
}

export interface OpenSshAccess {
  readonly alias: string;
  readonly keyFile: string;
  readonly include: AddHostResult['include'];
  /** Hosts without pinned keys: OpenSSH will refuse them until the console shows keys. */
  readonly unpinned: string[];
  /** Instance Connect keys expire 60 s after this call. */
  readonly instanceConnect: boolean;
}

/** Key, pins and managed config so `ssh <alias>` works from any terminal and from Remote-SSH. */
export async function prepareOpenSshAccess(deps: AccessDeps, plan: SshHostPlan): Promise<OpenSshAccess> {
  const keyFile = await ensureKeyFile(deps, plan);
  const unpinned: string[] = [];
  let include: AddHostResult['include'] = 'present';
  const aliases = new Map<SshHostPlan, string>();
  for (const hop of hops(plan)) {
    const alias = await aliasOf(deps, hop);
    aliases.set(hop, alias);
    const keys = await consoleKeys(deps, hop);
    const result = await addManagedHost(
      deps.paths,
      {
        alias,
        hostName: hop.hostName,
        port: hop.port,
        user: hop.user,
        identityFile: keyFile,
        hostKeyAlias: pinName(alias, hop.instance.instanceId),
        ...(hop.route.kind === 'jump' ? { proxyJump: aliases.get(hop.route.via) ?? hop.route.via.alias } : {}),
        ...(hop.route.kind === 'ssm' ? { sessionManager: { region: deps.region, ...(deps.profile ? { profile: deps.profile } : {}) } } : {}),
        stack: hop.owner,
      },
      keys,
    );
    if (result.pinned === 0) unpinned.push(alias);
    include = result.include;
  }
  if (plan.keySource.kind === 'instanceConnect') {
    const publicKey = await publicKeyOf(await readFile(keyFile, 'utf8'));
    for (const hop of hops(plan)) await pushKey(deps, hop, publicKey);
  }
  return { alias: aliases.get(plan) ?? plan.alias, keyFile, include, unpinned, instanceConnect: plan.keySource.kind === 'instanceConnect' };
}

/**
 * Opens an ssh2 connection (no local OpenSSH needed). Instance Connect keys stay in memory.
 * `acceptOnce` maps host name -> fingerprint the person accepted after seeing it (HostKeyError.check.host).
 */
export async function connectBuiltIn(
  deps: AccessDeps,
  plan: SshHostPlan,
  acceptOnce: Readonly<Record<string, string>> = {},
): Promise<SshConnection> {
  if (plan.route.kind === 'ssm') {
    throw new SshSetupError(`${plan.alias} has no public address and no jump host; it is reachable only through Session Manager. Use "Open with OpenSSH" (needs the AWS CLI and its Session Manager plugin).`, 'NeedsSsm');
  }
  let privateKey: string;
  if (plan.keySource.kind === 'keyPair') {
    privateKey = await readFile(await ensureKeyFile(deps, plan), 'utf8');
  } else {
    const key = await generateEphemeralKey();
    for (const hop of hops(plan)) await pushKey(deps, hop, key.publicKey);
    privateKey = key.privateKey;
  }
  const endpoints: SshEndpoint[] = [];
  for (const hop of hops(plan)) {
    const name = pinName(await aliasOf(deps, hop), hop.instance.instanceId);
    const fresh = await consoleKeys(deps, hop);
    if (fresh.length > 0) await writePins(deps.paths, name, fresh);
    const pins = fresh.length > 0 ? fresh : await readPins(deps.paths, name);
    const accepted = acceptOnce[hop.hostName];
    endpoints.push({ host: hop.hostName, port: hop.port, username: hop.user, privateKey, pins, ...(accepted ? { acceptOnceFingerprint: accepted } : {}) });
  }
  deps.progress?.(`Connecting to ${plan.alias}…`);
  const target = endpoints[endpoints.length - 1]!;
  const via = endpoints.length > 1 ? ` via ${endpoints[0]!.username}@${endpoints[0]!.host}:${endpoints[0]!.port}` : '';
  const started = Date.now();
  deps.log?.info(`SSH ${plan.alias}: connecting to ${target.username}@${target.host}:${target.port}${via} (${plan.keySource.kind === 'keyPair' ? 'key pair' : 'Instance Connect key'})`);
  try {
    const connection = await connectSsh({ ...target, ...(endpoints.length > 1 ? { jump: endpoints[0]! } : {}) }, deps.signal);
    deps.log?.info(`SSH ${plan.alias}: connected in ${Date.now() - started} ms`);
    return connection;
  } catch (error) {
    deps.log?.warn(`SSH ${plan.alias}: connection failed after ${Date.now() - started} ms: ${(error as Error).message}`);
    throw error;
  }
}
