import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import type { EKSClient } from '@aws-sdk/client-eks';
import { describeEksCluster, KubeconfigError, kubeconfigEntry } from './eksKubeconfigEntry';
import { mergeKubeconfig, type MergeResult } from './kubeconfig';

/** The file kubectl writes to: the first KUBECONFIG entry, else ~/.kube/config. */
export function kubeconfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.trim() !== '');
  return first ?? join(home, '.kube', 'config');
}

export interface KubeconfigWrite extends MergeResult {
  readonly path: string;
  /** Copy of the file as it was, when there was one and it changed. */
  readonly backup?: string;
}

/**
 * Reads the kubeconfig, merges, and writes it back atomically (temporary file + rename) with mode
 * 0600, after copying the old file to `<file>.imaging-lab-<time>.bak` (also 0600). A symlinked
 * kubeconfig is written through to its target. If the file changes while merging, nothing is written.
 */
export async function updateKubeconfigFile(path: string, merge: (existing: string | undefined) => MergeResult, now = new Date()): Promise<KubeconfigWrite> {
  const target = await realpath(path).catch(() => path);
  const existing = await readFile(target, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new KubeconfigError(`Cannot read ${target} (${e.code ?? e.message}); nothing was changed.`);
  });
  const merged = merge(existing);
  if (!merged.changed) return { ...merged, path: target };
  // ~/.kube is created private; an existing directory keeps the mode its owner chose.
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  let backup: string | undefined;
  if (existing !== undefined) {
    backup = `${target}.imaging-lab-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}.bak`;
    await copyFile(target, backup);
    await chmod(backup, 0o600);
  }
  const temporary = `${target}.imaging-lab-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, merged.text, { mode: 0o600, flag: 'wx' });
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current !== existing) throw new KubeconfigError(`${target} changed while Imaging Lab was merging it; nothing was written. Try again.`);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  await chmod(target, 0o600);
  return { ...merged, path: target, ...(backup ? { backup } : {}) };
}

export interface WriteEksKubeconfigRequest {
  readonly clusterName: string;
  readonly region: string;
  /** Written into the user's exec env, so `aws eks get-token` uses the same profile. */
  readonly profile?: string;
  readonly path: string;
  readonly makeCurrent?: boolean;
}

/** "Write kubeconfig": DescribeCluster, then a context using `aws eks get-token`, merged into the file. */
export async function writeEksKubeconfig(client: EKSClient, request: WriteEksKubeconfigRequest, signal?: AbortSignal): Promise<KubeconfigWrite & { readonly contextName: string }> {
  const info = await describeEksCluster(client, request.clusterName, request.region, signal);
  const entry = kubeconfigEntry(info, request.profile ? { profile: request.profile } : {});
  const written = await updateKubeconfigFile(request.path, (existing) => mergeKubeconfig(existing, entry, { makeCurrent: request.makeCurrent }));
  return { ...written, contextName: entry.contextName };
}
