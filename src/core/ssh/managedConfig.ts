import { readFile } from 'node:fs/promises';
import SSHConfig, { LineType, type Line, type Section } from 'ssh-config';
import { ensurePrivateDir, writeFileAtomic } from './secureFile';
import { assertAlias, openSshPath, type SshPaths } from './sshPaths';

/** One `Host` block of the managed config. */
export interface HostEntry {
  readonly alias: string;
  readonly hostName: string;
  readonly user: string;
  readonly port?: number;
  readonly identityFile?: string;
  readonly proxyJump?: string;
  /** Full ProxyCommand (e.g. from `ssmProxyCommand`); exclusive with proxyJump. */
  readonly proxyCommand?: string;
  /** Stack the entry belongs to, so deleting the stack removes its hosts. */
  readonly stack?: { readonly name: string; readonly region: string };
}

const HEADER = '# Managed by Imaging Lab: hosts of deployed stacks. Changes here are overwritten.\n';
const STACK_MARK = '# imaging-lab:stack';

/** Self-contained ProxyCommand for instances without a public address (AWS CLI + Session Manager plugin). */
export function ssmProxyCommand(region: string, profile?: string): string {
  const profilePart = profile ? ` --profile ${profile}` : '';
  return `aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --region ${region}${profilePart}`;
}

function entryLines(entry: HostEntry, paths: SshPaths): Record<string, string> {
  if (entry.proxyJump && entry.proxyCommand) throw new Error(`Host ${entry.alias}: use ProxyJump or ProxyCommand, not both.`);
  const lines: Record<string, string> = { Host: assertAlias(entry.alias), HostName: entry.hostName, User: entry.user };
  if (entry.port !== undefined && entry.port !== 22) lines.Port = String(entry.port);
  if (entry.identityFile) {
    lines.IdentityFile = openSshPath(entry.identityFile);
    lines.IdentitiesOnly = 'yes';
  }
  lines.UserKnownHostsFile = openSshPath(paths.knownHosts);
  lines.StrictHostKeyChecking = 'yes';
  if (entry.proxyJump) lines.ProxyJump = entry.proxyJump;
  if (entry.proxyCommand) lines.ProxyCommand = entry.proxyCommand;
  return lines;
}

function renderSection(entry: HostEntry, paths: SshPaths): Section {
  const single = new SSHConfig().append(entryLines(entry, paths));
  const section = single[0] as Section;
  if (entry.stack) {
    section.config.unshift({
      type: LineType.COMMENT,
      content: `${STACK_MARK} ${entry.stack.region} ${entry.stack.name}`,
      before: '  ',
      after: '\n',
    });
  }
  return section;
}

/**
 * The library quotes only some directives, and parsing a quoted multi-value directive back drops
 * the quotes; a path with spaces must stay one argument for OpenSSH (UserKnownHostsFile would
 * otherwise read as two files). ProxyCommand is a command line and is never quoted.
 */
function quoteSpacedValues(section: Section): void {
  for (const line of section.config) {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() === 'proxycommand') continue;
    if (typeof line.value === 'string') {
      if (/\s/.test(line.value)) line.quoted = true;
    } else if (line.value.length === 1 && line.value[0]) {
      const only = line.value[0];
      line.value = only.val;
      if (/\s/.test(only.val) || only.quoted) line.quoted = true;
    }
  }
}

function isHost(line: Line, alias: string): line is Section {
  return line.type === LineType.DIRECTIVE && line.param.toLowerCase() === 'host' && line.value === alias;
}

function stackOf(line: Line): string | undefined {
  if (!('config' in line)) return undefined;
  const mark = line.config.find((l) => l.type === LineType.COMMENT && l.content.startsWith(STACK_MARK));
  return mark && mark.type === LineType.COMMENT ? mark.content.slice(STACK_MARK.length).trim() : undefined;
}

async function readManaged(paths: SshPaths): Promise<SSHConfig> {
  try {
    return SSHConfig.parse(await readFile(paths.managedConfig, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return SSHConfig.parse(HEADER);
    throw error;
  }
}

async function writeManaged(paths: SshPaths, config: SSHConfig): Promise<void> {
  // Keep exactly one blank line between blocks, whatever edits happened before.
  for (const line of config) {
    if ('config' in line) {
      trimSectionEnd(line);
      quoteSpacedValues(line);
    }
  }
  const text = SSHConfig.stringify(config).replace(/\n{3,}/g, '\n\n');
  await ensurePrivateDir(paths.managedDir);
  await writeFileAtomic(paths.managedConfig, text.endsWith('\n') ? text : `${text}\n`, { mode: 0o600 });
}

function trimSectionEnd(section: Section): void {
  const last = section.config[section.config.length - 1];
  if (last) last.after = '\n\n';
  else section.after = '\n\n';
}

/** Adds the host or replaces its block where it stands. */
export async function upsertHost(paths: SshPaths, entry: HostEntry): Promise<void> {
  const config = await readManaged(paths);
  const section = renderSection(entry, paths);
  const index = config.findIndex((l) => isHost(l, entry.alias));
  if (index >= 0) config[index] = section;
  else config.push(section);
  await writeManaged(paths, config);
}

/** Removes one host; returns whether it was there. */
export async function removeHost(paths: SshPaths, alias: string): Promise<boolean> {
  const config = await readManaged(paths);
  const removed = config.remove((l) => isHost(l, alias));
  if (!removed || removed.length === 0) return false;
  await writeManaged(paths, config);
  return true;
}

/** Removes every host of a deleted stack; returns their aliases. */
export async function removeStackHosts(paths: SshPaths, stack: { name: string; region: string }): Promise<string[]> {
  const config = await readManaged(paths);
  const key = `${stack.region} ${stack.name}`;
  const aliases = [...config].filter((l) => stackOf(l) === key).map((l) => String((l as Section).value));
  if (aliases.length === 0) return [];
  while (config.remove((l) => stackOf(l) === key)?.length);
  await writeManaged(paths, config);
  return aliases;
}

/** Aliases currently in the managed file. */
export async function listHosts(paths: SshPaths): Promise<string[]> {
  const config = await readManaged(paths);
  return [...config].filter((l) => l.type === LineType.DIRECTIVE && l.param.toLowerCase() === 'host').map((l) => String((l as Section).value));
}

/** HostName and Port of one managed host, if present. */
export async function findHost(paths: SshPaths, alias: string): Promise<{ hostName: string; port: number } | undefined> {
  const config = await readManaged(paths);
  const section = config.find((l) => isHost(l, alias));
  if (!section || !('config' in section)) return undefined;
  const value = (name: string) => {
    const line = section.config.find((l) => l.type === LineType.DIRECTIVE && l.param.toLowerCase() === name);
    return line && line.type === LineType.DIRECTIVE && typeof line.value === 'string' ? line.value : undefined;
  };
  return { hostName: value('hostname') ?? alias, port: Number(value('port') ?? 22) };
}
