import type { HostKey } from './hostKeyPins';
import { readPins, removePins, writePins } from './knownHosts';
import { findHost, listHosts, removeHost, removeStackHosts, upsertHost, type HostEntry } from './managedConfig';
import { ensureInclude, type IncludeResult } from './userConfigInclude';
import type { SshPaths } from './sshPaths';

export interface AddHostResult {
  readonly alias: string;
  /** What happened to ~/.ssh/config, or why it was left alone (the managed file still works with `ssh -F`). */
  readonly include: IncludeResult | { readonly error: string };
  readonly pinned: number;
}

/**
 * Writes one host into the managed config, pins its host keys (when known) and makes sure the
 * user's config includes the managed file. The user's config is never a reason to fail: its
 * problem is reported and the managed file is still written.
 */
export async function addManagedHost(paths: SshPaths, entry: HostEntry, hostKeys: readonly HostKey[] = []): Promise<AddHostResult> {
  const previous = await findHost(paths, entry.alias);
  const port = entry.port ?? 22;
  // A host that moved must not keep trusting the keys of its old address.
  if (previous && (previous.hostName !== entry.hostName || previous.port !== port)) await removePins(paths, previous.hostName, previous.port);
  if (hostKeys.length > 0) await writePins(paths, entry.hostName, port, hostKeys);
  await upsertHost(paths, entry);
  let include: AddHostResult['include'];
  try {
    include = await ensureInclude(paths);
  } catch (error) {
    include = { error: (error as Error).message };
  }
  return { alias: entry.alias, include, pinned: (await readPins(paths, entry.hostName, port)).length };
}

/** Removes the host and its pins; returns false when it was not there. */
export async function removeManagedHost(paths: SshPaths, alias: string): Promise<boolean> {
  const found = await findHost(paths, alias);
  if (!found) return false;
  await removePins(paths, found.hostName, found.port);
  return removeHost(paths, alias);
}

/** Removes every host of a deleted stack and their pins; returns the removed aliases. */
export async function forgetStack(paths: SshPaths, stack: { name: string; region: string }): Promise<string[]> {
  const before = new Map<string, { hostName: string; port: number }>();
  for (const alias of await listHosts(paths)) {
    const found = await findHost(paths, alias);
    if (found) before.set(alias, found);
  }
  const removed = await removeStackHosts(paths, stack);
  for (const alias of removed) {
    const host = before.get(alias);
    if (host) await removePins(paths, host.hostName, host.port);
  }
  return removed;
}
