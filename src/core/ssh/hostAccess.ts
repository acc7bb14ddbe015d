import { rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { HostKey } from './hostKeyPins';
import type { HostOwner } from './hostOwner';
import { knownHostName, readPins, removePins, writePins } from './knownHosts';
import { findHost, removeHost, removeStackHosts, upsertHost, type HostEntry } from './managedConfig';
import { ensureInclude, type IncludeResult } from './userConfigInclude';
import type { SshPaths } from './sshPaths';

export interface AddHostResult {
  readonly alias: string;
  /** What happened to ~/.ssh/config, or why it was left alone (the managed file still works with `ssh -F`). */
  readonly include: IncludeResult | { readonly error: string };
  readonly pinned: number;
}

/** The name a host's keys are pinned under in the managed known_hosts. */
export function pinNameOf(entry: Pick<HostEntry, 'hostKeyAlias' | 'hostName' | 'port'>): string {
  return entry.hostKeyAlias ?? knownHostName(entry.hostName, entry.port ?? 22);
}

/**
 * Writes one host into the managed config, pins its host keys (when known) and makes sure the
 * user's config includes the managed file. The user's config is never a reason to fail: its
 * problem is reported and the managed file is still written. A block of another stack is never
 * replaced (upsertHost refuses before any pin changes).
 */
export async function addManagedHost(paths: SshPaths, entry: HostEntry, hostKeys: readonly HostKey[] = []): Promise<AddHostResult> {
  const previous = await findHost(paths, entry.alias);
  await upsertHost(paths, entry);
  // A host that moved must not keep trusting the keys of its old address or instance.
  if (previous && pinNameOf(previous) !== pinNameOf(entry)) await removePins(paths, pinNameOf(previous));
  if (hostKeys.length > 0) await writePins(paths, pinNameOf(entry), hostKeys);
  let include: AddHostResult['include'];
  try {
    include = await ensureInclude(paths);
  } catch (error) {
    include = { error: (error as Error).message };
  }
  return { alias: entry.alias, include, pinned: (await readPins(paths, pinNameOf(entry))).length };
}

/** Removes the host and its pins; returns false when it was not there. */
export async function removeManagedHost(paths: SshPaths, alias: string): Promise<boolean> {
  const removed = await removeHost(paths, alias);
  if (!removed) return false;
  await removePins(paths, pinNameOf(removed));
  return true;
}

/** A key file we wrote (inside the managed folder), never one the user pointed us to. */
function isOurKeyFile(paths: SshPaths, file: string): boolean {
  return dirname(resolve(file)) === resolve(paths.managedDir) && file.endsWith('.pem');
}

/**
 * Removes every host of a deleted stack, their pins and the key files only they used (the stack's
 * key pair or its Instance Connect key); returns the removed aliases. The rewrite also drops
 * anything in the managed file that is not one of our host blocks.
 */
export async function forgetStack(paths: SshPaths, stack: HostOwner): Promise<string[]> {
  const { removed, kept } = await removeStackHosts(paths, stack);
  const stillUsed = (pick: (e: HostEntry) => string | undefined, value: string) => kept.some((e) => pick(e) === value);
  for (const entry of removed) {
    const pins = pinNameOf(entry);
    if (!stillUsed(pinNameOf, pins)) await removePins(paths, pins);
    const key = entry.identityFile;
    if (key && isOurKeyFile(paths, key) && !stillUsed((e) => e.identityFile, key)) await rm(key, { force: true });
  }
  return removed.map((e) => e.alias);
}
