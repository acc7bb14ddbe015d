type Ssh2 = typeof import('ssh2');

/**
 * ssh2 is loaded on first use so extension activation does not pay for it. It is CommonJS:
 * depending on the loader its exports sit on the namespace or on `default`, so take whichever
 * carries them.
 */
export async function loadSsh2(): Promise<Ssh2> {
  const namespace = (await import('ssh2')) as Ssh2 & { default?: Ssh2 };
  return namespace.default?.utils ? namespace.default : namespace;
}

/**
 * Starts loading ssh2 in the background (e.g. when the tree first shows a running instance), so
 * the first terminal does not pay the load time; failures surface later, on real use.
 */
export function prefetchSsh2(): void {
  loadSsh2().catch(() => undefined);
}
