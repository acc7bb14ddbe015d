import * as vscode from 'vscode';
import type { Services } from '../../../src/vscode/services';

export const EXTENSION_ID = 'imaging-lab.imaging-lab';

/** The extension under development, activated; its activate() returns the services object. */
export async function activatedExtension(): Promise<{ extension: vscode.Extension<Services>; services: Services }> {
  const extension = vscode.extensions.getExtension<Services>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded: check extensionDevelopmentPath`);
  const services = await extension.activate();
  return { extension, services };
}

/** The fake endpoint every SDK call goes to; a suite run without it would talk to real AWS. */
export function fakeAwsUrl(): string {
  const url = process.env.AWS_ENDPOINT_URL;
  if (!url?.startsWith('http://127.0.0.1:')) {
    throw new Error('AWS_ENDPOINT_URL must point at the fake AWS endpoint (start the suite through test/harness)');
  }
  return url;
}

/** Polls `probe` until it returns a value, with a hard deadline. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20000, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
