import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute path of an executable on PATH (or an absolute path that exists), or undefined. */
export function findExecutable(name: string): string | undefined {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).map((d) => join(d, name));
  for (const candidate of [...candidates, `/usr/sbin/${name}`, `/usr/bin/${name}`]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * For suites that need a real peer (Orthanc, sshd, dcmtk, chromium...). A missing tool fails the
 * suite with the install hint: `npm test` installs the Debian packages first (scripts/ensure-system.mjs),
 * so a missing peer is a broken machine, never a reason to pass without testing.
 */
export function requireTool(name: string, debianPackage: string): string {
  const found = findExecutable(name);
  if (found) return found;
  throw new Error(`'${name}' not found: install the Debian package '${debianPackage}' (apt-get install ${debianPackage}).`);
}
