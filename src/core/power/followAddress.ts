import { pinNameOf } from '../ssh/hostAccess';
import { sameOwner, type HostOwner } from '../ssh/hostOwner';
import { readPins, removePins, writePins } from '../ssh/knownHosts';
import { readHostEntries, upsertHost, type HostEntry } from '../ssh/managedConfig';
import type { SshPaths } from '../ssh/sshPaths';
import type { InstanceAddress, PowerInstance, PowerResult } from './powerTypes';

/** A started instance and the public address it came back with. */
export interface AddressMove {
  readonly instanceId: string;
  readonly label: string;
  /** The alias its managed SSH host was written under before host keys were pinned per instance. */
  readonly alias?: string;
  readonly to: InstanceAddress;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const PRIVATE_IPV4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Only plain IPv4 addresses and DNS names from EC2 become SSH configuration. */
function trusted(address: InstanceAddress): InstanceAddress {
  return {
    ...(address.publicIp && IPV4.test(address.publicIp) ? { publicIp: address.publicIp } : {}),
    ...(address.publicDns && DNS_NAME.test(address.publicDns) ? { publicDns: address.publicDns } : {}),
  };
}

/**
 * Instances a start brought up (or found running already), with their public address now. (A stopped instance has released
 * its public IP, so the old address is read from the SSH entry, not from EC2.)
 */
export function addressMoves(results: readonly PowerResult[], instances: readonly Pick<PowerInstance, 'instanceId' | 'sshAlias'>[]): AddressMove[] {
  const aliases = new Map(instances.map((i) => [i.instanceId, i.sshAlias]));
  return results.flatMap((r) => {
    const alias = aliases.get(r.instanceId);
    // Already running (started outside Imaging Lab, e.g. from the console): its address now is `before`.
    const now = r.outcome === 'done' ? r.after : r.outcome === 'unchanged' && r.stateBefore === 'running' ? r.before : undefined;
    return now ? [{ instanceId: r.instanceId, label: r.label, ...(alias ? { alias } : {}), to: trusted(now) }] : [];
  });
}

/** The entries of this stack that reach this instance at a public address (not a private IP, not Session Manager). */
function entriesOf(entries: readonly HostEntry[], owner: HostOwner, move: AddressMove): HostEntry[] {
  return entries.filter((e) => {
    if (!e.stack || !sameOwner(e.stack, owner) || e.sessionManager) return false;
    const mine = e.hostKeyAlias ? e.hostKeyAlias.endsWith(`.${move.instanceId}`) : e.alias === move.alias;
    const publicAddress = IPV4.test(e.hostName) ? !PRIVATE_IPV4.test(e.hostName) : DNS_NAME.test(e.hostName);
    return mine && publicAddress;
  });
}

/** The name that replaces `old`: a DNS name by the new DNS name when there is one, an IP by the new IP. */
function replacement(old: string, to: InstanceAddress): string | undefined {
  return IPV4.test(old) ? (to.publicIp ?? to.publicDns) : (to.publicDns ?? to.publicIp);
}

export interface FollowReport {
  /** Aliases whose HostName now names the new address. */
  readonly rewritten: readonly string[];
  /** Host keys that had to move with the address (entries pinned by address rather than per instance). */
  readonly pinsMoved: number;
}

/**
 * After a start, SSH follows the instances to their new public addresses without the user doing
 * anything: each managed SSH entry of the stack that reaches a started instance at another public
 * address is rewritten with the new one, everything else kept. Its host keys stay pinned: they are
 * pinned per alias and instance (HostKeyAlias), which an address change does not touch; an entry
 * pinned by address has its pins moved, and the old address stops being trusted (AWS hands it to
 * someone else). Entries at an Elastic IP, a private address or through Session Manager stay.
 */
export async function followAddressMoves(paths: SshPaths, owner: HostOwner, moves: readonly AddressMove[]): Promise<FollowReport> {
  const rewritten: string[] = [];
  let pinsMoved = 0;
  for (const move of moves) {
    for (const entry of entriesOf(await readHostEntries(paths), owner, move)) {
      const next = replacement(entry.hostName, move.to);
      if (!next || next.toLowerCase() === entry.hostName.toLowerCase()) continue;
      const moved: HostEntry = { ...entry, hostName: next };
      await upsertHost(paths, moved);
      const [from, to] = [pinNameOf(entry), pinNameOf(moved)];
      if (from !== to) {
        const pins = await readPins(paths, from);
        if (pins.length > 0) await writePins(paths, to, pins);
        await removePins(paths, from);
        pinsMoved += pins.length;
      }
      rewritten.push(entry.alias);
    }
  }
  return { rewritten, pinsMoved };
}
