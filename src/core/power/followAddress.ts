import { readFile } from 'node:fs/promises';
import SSHConfig from 'ssh-config';
import { readPins, removePins, writePins } from '../ssh/knownHosts';
import { findHost, upsertHost, type HostEntry } from '../ssh/managedConfig';
import type { SshPaths } from '../ssh/sshPaths';
import type { InstanceAddress, PowerInstance, PowerResult } from './powerTypes';

/** A started instance and the public address it came back with. */
export interface AddressMove {
  readonly instanceId: string;
  readonly label: string;
  /** The managed SSH host of the instance (its entry holds the address SSH used last). */
  readonly alias: string;
  readonly to: InstanceAddress;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Only plain IPv4 addresses and DNS names from EC2 become SSH configuration. */
function trusted(address: InstanceAddress): InstanceAddress {
  return {
    ...(address.publicIp && IPV4.test(address.publicIp) ? { publicIp: address.publicIp } : {}),
    ...(address.publicDns && DNS_NAME.test(address.publicDns) ? { publicDns: address.publicDns } : {}),
  };
}

/**
 * Instances a start brought up, with their public address now. (A stopped instance has released
 * its public IP, so the old address is read from the SSH entry, not from EC2.)
 */
export function addressMoves(results: readonly PowerResult[], instances: readonly Pick<PowerInstance, 'instanceId' | 'sshAlias'>[]): AddressMove[] {
  const aliases = new Map(instances.map((i) => [i.instanceId, i.sshAlias]));
  return results.flatMap((r) => {
    const alias = aliases.get(r.instanceId);
    return r.outcome === 'done' && r.after && alias ? [{ instanceId: r.instanceId, label: r.label, alias, to: trusted(r.after) }] : [];
  });
}

/** The name that replaces `old`: a DNS name by the new DNS name when there is one, an IP by the new IP. */
function replacement(old: string, to: InstanceAddress): string | undefined {
  return IPV4.test(old) ? (to.publicIp ?? to.publicDns) : (to.publicDns ?? to.publicIp);
}

/** The managed block of `alias` as a HostEntry (what upsertHost writes back), everything but HostName. */
async function managedEntry(paths: SshPaths, alias: string, stack: { name: string; region: string }): Promise<Omit<HostEntry, 'hostName'>> {
  const computed = SSHConfig.parse(await readFile(paths.managedConfig, 'utf8')).compute(alias);
  const one = (key: string) => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const fields: [keyof HostEntry, string | number | undefined][] = [
    ['port', Number(one('Port') ?? 22)],
    ['identityFile', one('IdentityFile')],
    ['proxyJump', one('ProxyJump')],
    ['proxyCommand', Array.isArray(computed.ProxyCommand) ? computed.ProxyCommand.join(' ') : computed.ProxyCommand],
  ];
  return { alias, user: one('User') ?? '', stack, ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)) };
}

export interface FollowReport {
  /** Aliases whose HostName now names the new address. */
  readonly rewritten: readonly string[];
  /** Host keys moved to the new address (the host key does not change with the IP). */
  readonly pinsMoved: number;
}

/**
 * After a start, SSH follows the instances to their new public addresses without the user doing
 * anything: each managed SSH entry of a started instance that named another public address is
 * rewritten with the new one (user, port, key, jump host kept), and its pinned host keys move to
 * the new address; the old address stops being trusted (AWS hands it to someone else). Entries
 * that name an Elastic IP, a private address or an instance id (Session Manager) stay as they are.
 */
export async function followAddressMoves(paths: SshPaths, stack: { name: string; region: string }, moves: readonly AddressMove[]): Promise<FollowReport> {
  const rewritten: string[] = [];
  let pinsMoved = 0;
  for (const move of moves) {
    const found = await findHost(paths, move.alias);
    if (!found || (!IPV4.test(found.hostName) && !DNS_NAME.test(found.hostName))) continue;
    const next = replacement(found.hostName, move.to);
    if (!next || next === found.hostName) continue;
    const pins = await readPins(paths, found.hostName, found.port);
    if (pins.length > 0) {
      await writePins(paths, next, found.port, pins);
      await removePins(paths, found.hostName, found.port);
      pinsMoved += pins.length;
    }
    await upsertHost(paths, { ...(await managedEntry(paths, move.alias, stack)), hostName: next });
    rewritten.push(move.alias);
  }
  return { rewritten, pinsMoved };
}
