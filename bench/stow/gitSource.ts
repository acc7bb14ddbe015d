import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const REPO = resolve(__dirname, '..', '..');

/**
 * The `src/` tree of an earlier commit, extracted under out/ (so it resolves this checkout's
 * node_modules): lets a benchmark run "before" and "after" side by side in one run.
 */
export function sourceAt(revision: string): string {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${revision}^{commit}`], { cwd: REPO, encoding: 'utf8' }).trim();
  const root = join(REPO, 'out', 'bench-revisions', commit.slice(0, 12));
  if (!existsSync(join(root, 'src'))) {
    mkdirSync(root, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${commit} src | tar -x -C '${root}'`], { cwd: REPO });
  }
  return root;
}

/**
 * Our STOW-RS client as it ships: scanDicom and sendInstances bundled by esbuild the way
 * esbuild.js bundles the extension, with the scan worker next to them when the tree has one.
 * Returns the bundle's path; `root` is this checkout or a tree from `sourceAt`.
 */
export async function bundleOurs(root: string, label: string): Promise<string> {
  const outdir = join(REPO, 'out', 'bench-bundles', label);
  const dicom = join(root, 'src', 'core', 'dicom');
  const entryPoints: Record<string, string> = { ours: join(outdir, 'entry.ts') };
  mkdirSync(outdir, { recursive: true });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(entryPoints.ours as string, `export { scanDicom } from ${JSON.stringify(join(dicom, 'scanDicom'))};\nexport { sendInstances } from ${JSON.stringify(join(dicom, 'sendInstances'))};\n`);
  if (existsSync(join(dicom, 'scanWorker.ts'))) entryPoints.scanWorker = join(dicom, 'scanWorker.ts');
  await build({ entryPoints, outdir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, logLevel: 'error', absWorkingDir: REPO, nodePaths: [join(REPO, 'node_modules')] });
  return join(outdir, 'ours.js');
}
