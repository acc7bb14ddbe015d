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
 * For suites that need a real peer (Orthanc, sshd, dcmtk, chromium...). Under CI=true a missing
 * tool fails the suite; on a developer machine the suite is skipped with the install hint printed.
 * Call inside a mocha `before` with `this` as the context.
 */
export function requireTool(ctx: Mocha.Context, name: string, debianPackage: string): string {
  const found = findExecutable(name);
  if (found) return found;
  const message = `'${name}' not found: install the Debian package '${debianPackage}' (apt-get install ${debianPackage}).`;
  if (process.env.CI === 'true') throw new Error(`${message} CI=true requires every test peer.`);
  console.warn(`  skipping: ${message}`);
  ctx.skip();
}
