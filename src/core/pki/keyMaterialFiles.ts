import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../ssh/secureFile';
import { certificateFingerprint, type KeyMaterial } from './certificates';

export interface KeyMaterialFiles {
  /** `<name>.crt`: the certificate, 0644 (public). */
  readonly certificateFile: string;
  /** `<name>.key`: the private key, 0600 in a 0700 folder. */
  readonly keyFile: string;
}

/** File names come from stack names; keep them to one plain path segment. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function keyMaterialFiles(dir: string, name: string): KeyMaterialFiles {
  if (!FILE_NAME.test(name) || name.includes('..')) throw new Error(`'${name}' cannot name a certificate file (letters, digits, '.', '_', '-').`);
  return { certificateFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
}

/** Writes certificate and key atomically; the folder is made private (0700) first. */
export async function writeKeyMaterial(dir: string, name: string, material: KeyMaterial): Promise<KeyMaterialFiles> {
  const files = keyMaterialFiles(dir, name);
  await ensurePrivateDir(dir);
  await writeFileAtomic(files.keyFile, material.privateKeyPem, { mode: 0o600 });
  await writeFileAtomic(files.certificateFile, material.certificatePem, { mode: 0o644 });
  return files;
}

/** Reads what `writeKeyMaterial` wrote; undefined when either file is missing. */
export async function readKeyMaterial(dir: string, name: string): Promise<KeyMaterial | undefined> {
  const files = keyMaterialFiles(dir, name);
  try {
    const [certificatePem, privateKeyPem] = await Promise.all([readFile(files.certificateFile, 'utf8'), readFile(files.keyFile, 'utf8')]);
    return { certificatePem, privateKeyPem, fingerprintSha256: certificateFingerprint(certificatePem) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
