import { readFile, stat } from 'node:fs/promises';
import SSHConfig, { LineType } from 'ssh-config';
import { writeFileAtomic } from './secureFile';
import { SshSetupError } from './sshAwsErrors';
import { includeValue, MANAGED_DIR_NAME, type SshPaths } from './sshPaths';

const MARK = '# Added by Imaging Lab: hosts of deployed stacks.';

export type IncludeResult = 'created' | 'added' | 'present';

/** The two lines we insert, in the file's own line ending. */
export function includeBlock(paths: SshPaths, eol: '\n' | '\r\n'): string {
  const value = includeValue(paths);
  return `${MARK}${eol}Include ${/\s/.test(value) ? `"${value}"` : value}${eol}${eol}`;
}

/**
 * Reads the user's config as text, or explains why it is left alone. A file that is not UTF-8
 * text is not something we can safely prepend to.
 */
async function readUserConfig(path: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') return undefined;
    throw new SshSetupError(
      `Could not read ${path} (${code}); it was left untouched. Fix its permissions (it should be readable by you), or add the line 'Include ${MANAGED_DIR_NAME}/config' near its top yourself.`,
      code,
      { cause: error },
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed(path, 'it is not UTF-8 text');
  }
  if (text.includes('\0')) throw malformed(path, 'it contains NUL bytes');
  return text;
}

function malformed(path: string, why: string): SshSetupError {
  return new SshSetupError(
    `${path} was left untouched because ${why}. Check the file, or add 'Include ${MANAGED_DIR_NAME}/config' before its first Host block yourself.`,
    'MalformedConfig',
  );
}

/** Whether a top-level (unscoped) Include already pulls in our managed file. */
function hasOurInclude(text: string, paths: SshPaths): boolean {
  let parsed: SSHConfig;
  try {
    parsed = SSHConfig.parse(text);
  } catch (error) {
    throw malformed(paths.userConfig, `it could not be parsed (${(error as Error).message})`);
  }
  const wanted = new Set([includeValue(paths), `~/.ssh/${MANAGED_DIR_NAME}/config`, `${MANAGED_DIR_NAME}/config`]);
  return parsed.some((line) => {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'include') return false;
    const values = typeof line.value === 'string' ? [line.value] : line.value.map((v) => v.val);
    return values.some((v) => wanted.has(v.replace(/\\/g, '/')));
  });
}

/**
 * Makes `~/.ssh/config` include the managed file. The block goes at the very top (after a BOM),
 * because an Include after a Host/Match line would only apply inside that block; every byte of
 * the user's content is kept as it was. Written atomically, previous file kept as config.bak.
 */
export async function ensureInclude(paths: SshPaths): Promise<IncludeResult> {
  const text = await readUserConfig(paths.userConfig);
  if (text === undefined) {
    await writeFileAtomic(paths.userConfig, includeBlock(paths, '\n'), { mode: 0o600 });
    return 'created';
  }
  if (hasOurInclude(text, paths)) return 'present';
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const mode = (await stat(paths.userConfig)).mode & 0o777;
  await writeFileAtomic(paths.userConfig, bom + includeBlock(paths, eol) + text.slice(bom.length), {
    mode,
    backup: true,
  });
  return 'added';
}

/** Removes exactly the block `ensureInclude` added, if it is still at the top. */
export async function removeInclude(paths: SshPaths): Promise<boolean> {
  const text = await readUserConfig(paths.userConfig);
  if (text === undefined) return false;
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  for (const eol of ['\r\n', '\n'] as const) {
    const block = includeBlock(paths, eol);
    if (body.startsWith(block)) {
      const mode = (await stat(paths.userConfig)).mode & 0o777;
      await writeFileAtomic(paths.userConfig, bom + body.slice(block.length), { mode, backup: true });
      return true;
    }
  }
  return false;
}
