import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../ssh/secureFile';
import { renderOvpnConfig, type OvpnOptions } from './ovpnConfig';

/** File names come from stack names; one plain path segment. */
const FILE_STEM = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** Writes `<dir>/<stackName>.ovpn` (0600, in a 0700 folder: it holds the client key) and returns its path. */
export async function writeOvpnFile(dir: string, stackName: string, options: OvpnOptions): Promise<string> {
  if (!FILE_STEM.test(stackName)) throw new Error(`'${stackName}' cannot name a VPN profile file.`);
  const text = renderOvpnConfig(options);
  const file = join(dir, `${stackName}.ovpn`);
  await ensurePrivateDir(dir);
  await writeFileAtomic(file, text, { mode: 0o600 });
  return file;
}
