import { readFile } from 'node:fs/promises';
import SSHConfig, { LineType, type Line, type Section } from 'ssh-config';
import { checkedOwner, ownerHash, ownerLabel, sameOwner, type HostOwner } from './hostOwner';
import { ensurePrivateDir, writeFileAtomic } from './secureFile';
import { SshSetupError } from './sshAwsErrors';
import { assertAlias, openSshPath, type SshPaths } from './sshPaths';
import { awsProfile, awsRegion, configPath, sshHostName, sshPort, sshUser } from './sshValues';

/** Reach a host through AWS Systems Manager (AWS CLI + Session Manager plugin). */
export interface SessionManagerRoute {
  readonly region: string;
  readonly profile?: string;
}

/** One `Host` block of the managed config. */
export interface HostEntry {
  readonly alias: string;
  readonly hostName: string;
  readonly user: string;
  readonly port?: number;
  readonly identityFile?: string;
  readonly proxyJump?: string;
  /** ProxyCommand through Session Manager; exclusive with proxyJump. */
  readonly sessionManager?: SessionManagerRoute;
  /** Name the host keys are pinned under (OpenSSH HostKeyAlias), instead of the host name and port. */
  readonly hostKeyAlias?: string;
  /** Stack the entry belongs to: only that stack may replace it, and deleting the stack removes it. */
  readonly stack?: HostOwner;
}

const HEADER = '# Managed by Imaging Lab: hosts of deployed stacks. Changes here are overwritten.\n';
const STACK_MARK = '# imaging-lab:stack';
const HOST_MARK = '# imaging-lab:host';

/** Self-contained ProxyCommand for instances without a public address; every part passed a grammar. */
export function ssmProxyCommand(route: SessionManagerRoute): string {
  const region = awsRegion(route.region, 'Session Manager route');
  const profilePart = route.profile ? ` --profile ${awsProfile(route.profile, 'Session Manager route')}` : '';
  return `aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --region ${region}${profilePart}`;
}

const PROXY_COMMAND = /^aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --region (\S+)(?: --profile (\S+))?$/;

/** The entry as it may be written: every value checked again, whatever the caller checked. */
function checkedEntry(entry: HostEntry): HostEntry {
  const where = `SSH host ${entry.alias}`;
  assertAlias(entry.alias);
  if (entry.proxyJump && entry.sessionManager) throw new Error(`Host ${entry.alias}: use ProxyJump or Session Manager, not both.`);
  sshHostName(entry.hostName, `${where}, HostName`);
  sshUser(entry.user, `${where}, User`);
  if (entry.port !== undefined) sshPort(entry.port, `${where}, Port`);
  if (entry.identityFile !== undefined) configPath(entry.identityFile, `${where}, IdentityFile`);
  if (entry.proxyJump !== undefined) assertAlias(entry.proxyJump);
  if (entry.hostKeyAlias !== undefined) assertAlias(entry.hostKeyAlias);
  if (entry.sessionManager) ssmProxyCommand(entry.sessionManager);
  return entry.stack ? { ...entry, stack: checkedOwner(entry.stack) } : entry;
}

function entryLines(entry: HostEntry, paths: SshPaths): Record<string, string> {
  const lines: Record<string, string> = { Host: entry.alias, HostName: entry.hostName, User: entry.user };
  if (entry.port !== undefined && entry.port !== 22) lines.Port = String(entry.port);
  if (entry.hostKeyAlias) lines.HostKeyAlias = entry.hostKeyAlias;
  if (entry.identityFile) {
    lines.IdentityFile = openSshPath(entry.identityFile);
    lines.IdentitiesOnly = 'yes';
  }
  lines.UserKnownHostsFile = openSshPath(configPath(paths.knownHosts, 'the known_hosts path'));
  lines.StrictHostKeyChecking = 'yes';
  if (entry.proxyJump) lines.ProxyJump = entry.proxyJump;
  if (entry.sessionManager) lines.ProxyCommand = ssmProxyCommand(entry.sessionManager);
  return lines;
}

function markOf(entry: HostEntry): string {
  if (!entry.stack) return HOST_MARK;
  return `${STACK_MARK} ${entry.stack.region} ${entry.stack.name}${entry.stack.stackId ? ` ${entry.stack.stackId}` : ''}`;
}

function renderSection(entry: HostEntry, paths: SshPaths): Section {
  const section = new SSHConfig().append(entryLines(entry, paths))[0] as Section;
  section.config.unshift({ type: LineType.COMMENT, content: markOf(entry), before: '  ', after: '\n' });
  quoteSpacedValues(section);
  const last = section.config[section.config.length - 1];
  if (last) last.after = '\n\n';
  return section;
}

/**
 * The library quotes only some directives; a path with spaces must stay one argument for OpenSSH.
 * ProxyCommand is a command line (built from checked parts, without spaces inside them) and is
 * never quoted.
 */
function quoteSpacedValues(section: Section): void {
  for (const line of section.config) {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() === 'proxycommand') continue;
    if (typeof line.value === 'string' && /\s/.test(line.value)) line.quoted = true;
  }
}

function ownerFromMark(content: string): HostOwner | undefined | 'host' {
  if (content === HOST_MARK) return 'host';
  if (!content.startsWith(`${STACK_MARK} `)) return undefined;
  const [region, name, stackId, ...rest] = content.slice(STACK_MARK.length).trim().split(' ');
  if (!region || !name || rest.length > 0) return undefined;
  return checkedOwner({ region, name, ...(stackId ? { stackId } : {}) });
}

function directiveValue(line: Line): string | undefined {
  if (line.type !== LineType.DIRECTIVE) return undefined;
  if (typeof line.value === 'string') return line.value;
  return line.value.length === 1 ? line.value[0]?.val : undefined;
}

/**
 * A block read back from the file becomes an entry only if it is one of ours (marked) and every
 * line in it is a directive we write, with a value that passes the same grammars as when it was
 * written. Anything else (a Match block, a line injected by an older version, a hand edit) is not.
 */
function entryFromSection(line: Line): HostEntry | undefined {
  if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'host' || !('config' in line)) return undefined;
  const alias = directiveValue(line);
  if (!alias) return undefined;
  let owner: HostOwner | undefined | 'host';
  const values = new Map<string, string>();
  for (const inner of line.config) {
    if (inner.type === LineType.EMPTY) continue;
    if (inner.type === LineType.COMMENT) {
      if (owner !== undefined) return undefined;
      owner = ownerFromMark(inner.content);
      if (owner === undefined) return undefined;
      continue;
    }
    const value = directiveValue(inner);
    const key = inner.param.toLowerCase();
    if (value === undefined || values.has(key)) return undefined;
    values.set(key, value);
  }
  if (owner === undefined) return undefined;
  const known = new Set(['hostname', 'user', 'port', 'hostkeyalias', 'identityfile', 'identitiesonly', 'userknownhostsfile', 'stricthostkeychecking', 'proxyjump', 'proxycommand']);
  if ([...values.keys()].some((k) => !known.has(k))) return undefined;
  const proxy = values.has('proxycommand') ? PROXY_COMMAND.exec(values.get('proxycommand') ?? '') : undefined;
  if (proxy === null) return undefined;
  const port = values.get('port');
  const entry: HostEntry = {
    alias,
    hostName: values.get('hostname') ?? '',
    user: values.get('user') ?? '',
    ...(port !== undefined ? { port: /^\d{1,5}$/.test(port) ? Number(port) : NaN } : {}),
    ...(values.has('hostkeyalias') ? { hostKeyAlias: values.get('hostkeyalias') } : {}),
    ...(values.has('identityfile') ? { identityFile: values.get('identityfile') } : {}),
    ...(values.has('proxyjump') ? { proxyJump: values.get('proxyjump') } : {}),
    ...(proxy ? { sessionManager: { region: proxy[1] ?? '', ...(proxy[2] ? { profile: proxy[2] } : {}) } } : {}),
    ...(owner !== 'host' ? { stack: owner } : {}),
  };
  return checkedEntry(entry);
}

/** Our host blocks in the managed file; everything else in it is ignored (and dropped at the next write). */
export async function readHostEntries(paths: SshPaths): Promise<HostEntry[]> {
  let text: string;
  try {
    text = await readFile(paths.managedConfig, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: HostEntry[] = [];
  for (const line of SSHConfig.parse(text)) {
    try {
      const entry = entryFromSection(line);
      if (entry && !entries.some((e) => sameAlias(e.alias, entry.alias))) entries.push(entry);
    } catch {
      // A block that fails a grammar is not ours to keep.
    }
  }
  return entries;
}

/** Rewrites the whole file from checked entries: nothing else survives a write. */
async function writeHostEntries(paths: SshPaths, entries: readonly HostEntry[]): Promise<void> {
  const config = SSHConfig.parse(HEADER);
  for (const entry of entries) config.push(renderSection(checkedEntry(entry), paths));
  const text = SSHConfig.stringify(config).replace(/\n{3,}/g, '\n\n');
  await ensurePrivateDir(paths.managedDir);
  await writeFileAtomic(paths.managedConfig, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
}

/** OpenSSH matches Host patterns without regard to case, so aliases collide the same way. */
function sameAlias(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Adds the host or replaces its block where it stands. A block that belongs to another stack (or
 * to the user) is never replaced.
 */
export async function upsertHost(paths: SshPaths, entry: HostEntry): Promise<void> {
  const checked = checkedEntry(entry);
  const entries = await readHostEntries(paths);
  const index = entries.findIndex((e) => sameAlias(e.alias, checked.alias));
  const existing = entries[index];
  if (existing && !sameOwner(existing.stack, checked.stack)) {
    throw new SshSetupError(
      `The SSH host ${existing.alias} in ${paths.managedConfig} belongs to ${ownerLabel(existing.stack)}, so it was not replaced for ${ownerLabel(checked.stack)}. Remove it first (imaging-lab ssh-config remove --alias ${existing.alias}) if it is no longer needed.`,
      'AliasTaken',
    );
  }
  if (existing) entries[index] = checked;
  else entries.push(checked);
  await writeHostEntries(paths, entries);
}

/**
 * The alias a stack's host gets: the preferred one when free (or already this stack's), else with
 * the region, else with the region and a short hash of the stack id. Never one another stack holds.
 */
export async function claimAlias(paths: SshPaths, preferred: string, owner: HostOwner): Promise<string> {
  const entries = await readHostEntries(paths);
  const candidates = [preferred, `${preferred}-${owner.region}`, `${preferred}-${owner.region}-${ownerHash(owner)}`].map((c) => assertAlias(c.slice(0, 128)));
  const holder = (alias: string) => entries.find((e) => sameAlias(e.alias, alias));
  const mine = candidates.find((c) => {
    const held = holder(c);
    return held !== undefined && sameOwner(held.stack, owner);
  });
  const chosen = mine ?? candidates.find((c) => holder(c) === undefined);
  if (!chosen) throw new SshSetupError(`Every alias tried for ${ownerLabel(owner)} (${candidates.join(', ')}) belongs to another host in ${paths.managedConfig}.`, 'AliasTaken');
  return chosen;
}

/** Removes one host; returns the removed entry. */
export async function removeHost(paths: SshPaths, alias: string): Promise<HostEntry | undefined> {
  const entries = await readHostEntries(paths);
  const removed = entries.find((e) => sameAlias(e.alias, alias));
  if (!removed) return undefined;
  await writeHostEntries(paths, entries.filter((e) => e !== removed));
  return removed;
}

/** Removes every host of a deleted stack; returns the removed entries and those that remain. */
export async function removeStackHosts(paths: SshPaths, owner: HostOwner): Promise<{ removed: HostEntry[]; kept: HostEntry[] }> {
  const entries = await readHostEntries(paths);
  const removed = entries.filter((e) => e.stack && sameOwner(e.stack, owner));
  const kept = entries.filter((e) => !removed.includes(e));
  // Written even when nothing matched, so whatever is not ours leaves the file with the stack.
  await writeHostEntries(paths, kept);
  return { removed, kept };
}

/** Aliases currently in the managed file. */
export async function listHosts(paths: SshPaths): Promise<string[]> {
  return (await readHostEntries(paths)).map((e) => e.alias);
}

/** One managed host, if present. */
export async function findHost(paths: SshPaths, alias: string): Promise<HostEntry | undefined> {
  return (await readHostEntries(paths)).find((e) => sameAlias(e.alias, alias));
}
