import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STOWRS_INSTANCE_DIR = join(__dirname, '..', '..', 'stowrs', 'instance');
/** Where the header writes the instance files for the installer (its STOWRS_FILES default). */
const FILES_DIR = '/opt/stowrs/files';
const INSTANCE_FILES = ['stowrs.service', 'stowrs-logrotate.conf', 'cloudwatch-agent.json'] as const;
const HEREDOC_END = 'IMAGING_LAB_FILE';

export function instanceFile(name: string): string {
  return readFileSync(join(STOWRS_INSTANCE_DIR, name), 'utf8');
}

/**
 * The instance's user data: the installer's inputs as exports (values are CloudFormation
 * expressions joined in), the unit, log-rotation and CloudWatch agent files as quoted heredocs,
 * then templates/stowrs/instance/stowrs-install.sh. Every piece is a real file that shellcheck and
 * the installer test read.
 */
export function userDataParts(exports: readonly (readonly [string, string])[]): string[] {
  const parts: string[] = ['#!/bin/bash\n'];
  for (const [name, value] of exports) parts.push(`export ${name}='`, value, `'\n`);
  parts.push(`install -d -m 0755 ${FILES_DIR}\n`);
  for (const file of INSTANCE_FILES) {
    const text = instanceFile(file);
    if (text.includes(HEREDOC_END)) throw new Error(`${file} contains the heredoc terminator`);
    const body = file.endsWith('.json') ? text : withoutComments(text);
    parts.push(`cat >${FILES_DIR}/${file} <<'${HEREDOC_END}'\n${body.endsWith('\n') ? body : `${body}\n`}${HEREDOC_END}\n`);
  }
  parts.push(withoutComments(instanceFile('stowrs-install.sh').replace(/^#![^\n]*\n/, '')));
  return parts;
}

/**
 * Whole-line comments stay in the files (for readers and reviewers) but not in the 16 KB of user
 * data; shellcheck directives are kept.
 */
export function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*#(?!\s*shellcheck)/.test(line))
    .join('\n');
}
