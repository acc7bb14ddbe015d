import { createHash } from 'node:crypto';

/** One public host key as OpenSSH writes it: `<type> <base64 blob>`. */
export interface HostKey {
  readonly type: string;
  readonly base64: string;
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/** Parses `TYPE BASE64 [comment]`; the blob must decode and name the same type inside. */
export function parseHostKey(text: string): HostKey | undefined {
  const [type, base64] = text.trim().split(/\s+/);
  if (!type || !base64 || !KEY_TYPE.test(type) || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  const blob = Buffer.from(base64, 'base64');
  return blobKeyType(blob) === type ? { type, base64 } : undefined;
}

/** The key type recorded at the start of an SSH public key blob (uint32 length + name). */
export function blobKeyType(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH-style fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Buffer | HostKey): string {
  const bytes = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.base64, 'base64');
  return `SHA256:${createHash('sha256').update(bytes).digest('base64').replace(/=+$/, '')}`;
}

/** Host-key algorithms to offer for the pinned key types, so the server shows a key we know. */
export function hostKeyAlgorithms(pins: readonly HostKey[]): string[] {
  const algorithms = new Set<string>();
  for (const pin of pins) {
    if (pin.type === 'ssh-rsa') ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].forEach((a) => algorithms.add(a));
    else algorithms.add(pin.type);
  }
  return [...algorithms];
}

export type HostKeyCheck =
  | { readonly ok: true; readonly fingerprint: string }
  | { readonly ok: false; readonly reason: 'changed' | 'no-pins'; readonly host: string; readonly fingerprint: string; readonly message: string };

/** Compares the key a server presented with the pins of that host. */
export function checkHostKey(host: string, presented: Buffer, pins: readonly HostKey[]): HostKeyCheck {
  const print = fingerprint(presented);
  if (pins.length === 0) {
    return {
      ok: false,
      reason: 'no-pins',
      host,
      fingerprint: print,
      message: `No pinned host key for ${host} yet (the instance may still be booting). Wait and retry, or accept this key once after checking its fingerprint ${print}.`,
    };
  }
  if (pins.some((p) => Buffer.from(p.base64, 'base64').equals(presented))) return { ok: true, fingerprint: print };
  return {
    ok: false,
    reason: 'changed',
    host,
    fingerprint: print,
    message: `The host key of ${host} (${print}) does not match the key pinned from the instance's console output (${pins.map(fingerprint).join(', ')}). The connection was refused: the instance may have been replaced (refresh its pins from the console) or someone may be intercepting the connection.`,
  };
}

/** Error thrown by a refused verification, keeping the check for the UI. */
export class HostKeyError extends Error {
  constructor(readonly check: Extract<HostKeyCheck, { ok: false }>) {
    super(check.message);
    this.name = 'HostKeyError';
  }
}
