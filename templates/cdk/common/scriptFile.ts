import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SCRIPTS_DIR = join(__dirname, '..', '..', 'scripts');

/** A helper script kept as its own file (so shellcheck can check it) and embedded at synth time. */
export function readScript(name: string): string {
  return readFileSync(join(SCRIPTS_DIR, name), 'utf8');
}

/** The script without its shebang line, for appending after a generated header. */
export function scriptBody(name: string): string {
  return readScript(name).replace(/^#![^\n]*\n/, '');
}
