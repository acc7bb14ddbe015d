import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** templates/orthanc/: the files the instance writes and runs, kept as real files. */
export const ORTHANC_FILES_DIR = join(__dirname, '..', '..', 'orthanc');

/** Files written into the bundle directory by the user data, in order; install.sh runs after them. */
export const BUNDLE_FILES = ['settings.env', 'orthanc.json', 'nginx.conf', 'docker-compose.yml', 'make-certificate.sh'] as const;
export type BundleFile = (typeof BUNDLE_FILES)[number];

/** Delimiter of the quoted heredocs that carry the files (nothing inside is expanded). */
export const HEREDOC_END = 'IMAGING_LAB_EOF';

export function readOrthancFile(name: string): string {
  return readFileSync(join(ORTHANC_FILES_DIR, name), 'utf8');
}

/**
 * The file as it travels in the user data (EC2 takes 16 KB): full-line comments and blank lines
 * dropped, and indentation too except in YAML (where it means something). Nothing else changes.
 */
export function compactForUserData(name: string, text: string): string {
  const yaml = name.endsWith('.yml');
  const dropComments = !name.endsWith('.json');
  const lines = text.split('\n').filter((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return false;
    if (index === 0 && trimmed.startsWith('#!')) return false;
    return !(dropComments && trimmed.startsWith('#'));
  });
  return `${(yaml ? lines : lines.map((l) => l.trimStart())).join('\n')}\n`;
}

/** The quoted heredocs that write the bundle on the instance. */
export function bundleHeredocs(): string {
  return BUNDLE_FILES.map((name) => {
    const body = compactForUserData(name, readOrthancFile(name));
    if (body.split('\n').includes(HEREDOC_END)) throw new Error(`${name} contains the heredoc delimiter ${HEREDOC_END}`);
    return `cat >"$ORTHANC_BUNDLE/${name}" <<'${HEREDOC_END}'\n${body}${HEREDOC_END}`;
  }).join('\n');
}
