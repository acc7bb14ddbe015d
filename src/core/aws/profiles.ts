import { readFile } from 'node:fs/promises';
import { awsFilePaths, type AwsFilePaths } from './awsFiles';
import { parseIni, type IniSection } from './iniFile';

export type ProfileSource = 'sso' | 'static' | 'process' | 'assume-role' | 'web-identity' | 'other';

export interface ProfileInfo {
  readonly name: string;
  readonly region?: string;
  readonly source: ProfileSource;
  /** For SSO profiles: what to run when the token has expired. */
  readonly loginHint?: string;
}

export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ProfileList {
  readonly profiles: readonly ProfileInfo[];
  /** Lines that could not be read; the other profiles still work. */
  readonly problems: readonly ConfigProblem[];
}

function sourceOf(values: Readonly<Record<string, string>>): ProfileSource {
  if (values.sso_session || values.sso_start_url) return 'sso';
  if (values.credential_process) return 'process';
  if (values.role_arn && values.web_identity_token_file) return 'web-identity';
  if (values.role_arn) return 'assume-role';
  if (values.aws_access_key_id) return 'static';
  return 'other';
}

function profileNameFromConfigHeader(header: string): string | undefined {
  if (header === 'default') return 'default';
  const match = /^profile\s+(.+)$/.exec(header);
  return match?.[1]?.trim();
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Lists the profiles of the shared config and credentials files, merged as the SDK merges them. */
export async function listProfiles(paths: AwsFilePaths = awsFilePaths()): Promise<ProfileList> {
  const merged = new Map<string, Record<string, string>>();
  const problems: ConfigProblem[] = [];
  const add = (name: string, section: IniSection) => {
    merged.set(name, { ...merged.get(name), ...section.values });
  };
  for (const [file, isConfig] of [
    [paths.configFile, true],
    [paths.credentialsFile, false],
  ] as const) {
    let text: string | undefined;
    try {
      text = await readIfPresent(file);
    } catch (error) {
      problems.push({ file, line: 0, message: `cannot be read (${(error as Error).message})` });
    }
    if (text === undefined) continue;
    const parsed = parseIni(text);
    problems.push(...parsed.problems.map((p) => ({ file, ...p })));
    for (const section of parsed.sections) {
      const name = isConfig ? profileNameFromConfigHeader(section.header) : section.header;
      if (name) add(name, section);
    }
  }
  const profiles = [...merged.entries()]
    .map(([name, values]): ProfileInfo => {
      const source = sourceOf(values);
      return {
        name,
        ...(values.region ? { region: values.region } : {}),
        source,
        ...(source === 'sso' ? { loginHint: `aws sso login --profile ${name}` } : {}),
      };
    })
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
  return { profiles, problems };
}

export function formatConfigProblem(p: ConfigProblem): string {
  return p.line > 0 ? `${p.file}:${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}
