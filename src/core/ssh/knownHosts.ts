import { readFile } from 'node:fs/promises';
import { parseHostKey, type HostKey } from './hostKeyPins';
import { ensurePrivateDir, writeFileAtomic } from './secureFile';
import type { SshPaths } from './sshPaths';

/** The name OpenSSH looks up in known_hosts: `host`, or `[host]:port` for other ports. */
export function knownHostName(host: string, port = 22): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

async function readLines(paths: SshPaths): Promise<string[]> {
  try {
    return (await readFile(paths.knownHosts, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function hostsOf(line: string): string[] {
  return (line.trim().split(/\s+/)[0] ?? '').split(',');
}

/** Pins of one host in the managed known_hosts (plain, unhashed names: the file is ours). */
export async function readPins(paths: SshPaths, host: string, port = 22): Promise<HostKey[]> {
  const name = knownHostName(host, port);
  const pins: HostKey[] = [];
  for (const line of await readLines(paths)) {
    if (line.startsWith('#') || !hostsOf(line).includes(name)) continue;
    const key = parseHostKey(line.trim().split(/\s+/).slice(1, 3).join(' '));
    if (key) pins.push(key);
  }
  return pins;
}

/** Replaces the pins of one host with `keys`; other hosts' lines stay as they are. */
export async function writePins(paths: SshPaths, host: string, port: number, keys: readonly HostKey[]): Promise<void> {
  const name = knownHostName(host, port);
  const kept = (await readLines(paths)).filter((l) => l.startsWith('#') || !hostsOf(l).includes(name));
  const added = keys.map((k) => `${name} ${k.type} ${k.base64}`);
  await ensurePrivateDir(paths.managedDir);
  await writeFileAtomic(paths.knownHosts, [...kept, ...added].join('\n') + '\n', { mode: 0o600 });
}

/** Forgets a host (its stack was deleted). */
export async function removePins(paths: SshPaths, host: string, port = 22): Promise<void> {
  await writePins(paths, host, port, []);
}
