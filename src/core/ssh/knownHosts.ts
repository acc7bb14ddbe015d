import { readFile } from 'node:fs/promises';
import { parseHostKey, type HostKey } from './hostKeyPins';
import { ensurePrivateDir, writeFileAtomic } from './secureFile';
import { assertAlias, type SshPaths } from './sshPaths';
import { isHostName, UntrustedValueError, shownValue } from './sshValues';

/** The name OpenSSH looks up in known_hosts: `host`, or `[host]:port` for other ports. */
export function knownHostName(host: string, port = 22): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The HostKeyAlias a stack's host is pinned under: its alias and its instance, so no other host shares it. */
export function pinName(alias: string, instanceId: string): string {
  return assertAlias(`${alias}.${instanceId}`);
}

/** A name we may write as the first field of a known_hosts line (one name, no patterns, no markers). */
function isPinName(name: string): boolean {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(name);
  if (bracketed) return isHostName(bracketed[1] ?? '') && Number(bracketed[2]) >= 1 && Number(bracketed[2]) <= 65535;
  return isHostName(name) || /^[A-Za-z0-9][A-Za-z0-9._-]{0,160}$/.test(name);
}

interface PinLine {
  readonly name: string;
  readonly key: HostKey;
}

/**
 * The pins in the managed known_hosts. Only lines we could have written survive: one plain name
 * and a key that parses. Comments, `@cert-authority`/`@revoked` markers, hashed or pattern names
 * and anything injected into the file are dropped at the next write.
 */
async function readPinLines(paths: SshPaths): Promise<PinLine[]> {
  let text: string;
  try {
    text = await readFile(paths.knownHosts, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const pins: PinLine[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const [name, type, base64] = fields;
    if (!name || !isPinName(name) || fields.length > 4) continue;
    const key = parseHostKey(`${type ?? ''} ${base64 ?? ''}`);
    if (key) pins.push({ name, key });
  }
  return pins;
}

/** Pins of one name (a HostKeyAlias, or a host as OpenSSH looks it up). */
export async function readPins(paths: SshPaths, name: string): Promise<HostKey[]> {
  return (await readPinLines(paths)).filter((p) => p.name === name).map((p) => p.key);
}

/** Replaces the pins of one name with `keys`; other names' pins stay as they are. */
export async function writePins(paths: SshPaths, name: string, keys: readonly HostKey[]): Promise<void> {
  if (!isPinName(name)) throw new UntrustedValueError(`${shownValue(name)} cannot be written into known_hosts: it is not a host name or a host alias.`);
  const added = keys.map((k) => {
    const checked = parseHostKey(`${k.type} ${k.base64}`);
    if (!checked) throw new UntrustedValueError(`A host key for ${name} is not a valid OpenSSH public key (${shownValue(k.type)}).`);
    return { name, key: checked };
  });
  const kept = (await readPinLines(paths)).filter((p) => p.name !== name);
  const lines = [...kept, ...added].map((p) => `${p.name} ${p.key.type} ${p.key.base64}`);
  await ensurePrivateDir(paths.managedDir);
  await writeFileAtomic(paths.knownHosts, lines.length > 0 ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
}

/** Forgets the pins of one name (its host or stack is gone). */
export async function removePins(paths: SshPaths, name: string): Promise<void> {
  await writePins(paths, name, []);
}
