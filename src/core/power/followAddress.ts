import { readFile } from 'node:fs/promises';
import SSHConfig from 'ssh-config';
import { readPins, removePins, writePins } from '../ssh/knownHosts';
import { findHost, listHosts, upsertHost, type HostEntry } from '../ssh/managedConfig';
import type { SshPaths } from '../ssh/sshPaths';
import type { InstanceAddress, PowerResult } from './powerTypes';

/** A started instance that came back at another public address. */
export interface AddressMove {
  readonly instanceId: string;
  readonly label: string;
  readonly from: InstanceAddress;
  readonly to: InstanceAddress;
  readonly sshPort: number;
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

/** Started instances whose public IP or DNS name changed (no Elastic IP), from the results of a start. */
export function addressMoves(results: readonly PowerResult[], sshPorts: Readonly<Record<string, number | undefined>> = {}): AddressMove[] {
  return results
    .filter((r) => r.outcome === 'done' && r.before && r.after)
    .filter((r) => (r.before!.publicIp ?? '') !== (r.after!.publicIp ?? '') || (r.before!.publicDns ?? '') !== (r.after!.publicDns ?? ''))
    .map((r) => ({ instanceId: r.instanceId, label: r.label, from: trusted(r.before!), to: trusted(r.after!), sshPort: sshPorts[r.instanceId] ?? 22 }));
}

/** The name that replaces `old` in the SSH config: a DNS name by a DNS name when there is one, else the IP. */
function replacement(move: AddressMove, old: string): string | undefined {
  if (old === move.from.publicDns) return move.to.publicDns ?? move.to.publicIp;
  if (old === move.from.publicIp) return move.to.publicIp ?? move.to.publicDns;
  return undefined;
}

/** The managed block of `alias` as a HostEntry (what upsertHost writes back). */
async function managedEntry(paths: SshPaths, alias: string, stack: { name: string; region: string }): Promise<Omit<HostEntry, 'hostName'>> {
  const computed = SSHConfig.parse(await readFile(paths.managedConfig, 'utf8')).compute(alias);
  const one = (key: string) => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const port = Number(one('Port') ?? 22);
  const fields: [keyof HostEntry, string | number | undefined][] = [
    ['port', port],
    ['identityFile', one('IdentityFile')],
    ['proxyJump', one('ProxyJump')],
    ['proxyCommand', Array.isArray(computed.ProxyCommand) ? computed.ProxyCommand.join(' ') : computed.ProxyCommand],
  ];
  return { alias, user: one('User') ?? '', stack, ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)) };
}

export interface FollowReport {
  /** Aliases whose HostName now names the new address. */
  readonly rewritten: readonly string[];
  /** Host keys moved to the new address (the key does not change with the IP). */
  readonly pinsMoved: number;
}

/**
 * After a start, makes SSH follow the instances to their new public addresses without the user
 * doing anything: the host-key pins move from the old names to the new ones (and the old names
 * stop being trusted: AWS hands the old IP to someone else), and every managed SSH config entry
 * of the stack that named an old address is rewritten with the new one, everything else kept.
 */
export async function followAddressMoves(paths: SshPaths, stack: { name: string; region: string }, moves: readonly AddressMove[]): Promise<FollowReport> {
  const rewritten: string[] = [];
  let pinsMoved = 0;
  for (const move of moves) {
    for (const old of [move.from.publicDns, move.from.publicIp].filter((n): n is string => n !== undefined)) {
      const next = replacement(move, old);
      const pins = await readPins(paths, old, move.sshPort);
      if (next && pins.length > 0) {
        await writePins(paths, next, move.sshPort, pins);
        pinsMoved += pins.length;
      }
      if (pins.length > 0) await removePins(paths, old, move.sshPort);
      if (!next) continue;
      for (const alias of await listHosts(paths)) {
        const found = await findHost(paths, alias);
        if (found?.hostName !== old || found.port !== move.sshPort) continue;
        await upsertHost(paths, { ...(await managedEntry(paths, alias, stack)), hostName: next });
        rewritten.push(alias);
      }
    }
  }
  return { rewritten, pinsMoved };
}
