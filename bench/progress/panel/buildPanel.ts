import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const REPO = resolve(__dirname, '..', '..', '..');

/** One version of the progress panel, built for the benchmark: its host (Node) and its page (browser). */
export interface BuiltPanel {
  readonly label: string;
  readonly hostFile: string;
  readonly pageScript: string;
}

const vscodeShim: Plugin = {
  name: 'bench-vscode',
  setup(b) {
    b.onResolve({ filter: /^vscode$/ }, () => ({ path: join(__dirname, 'benchVscode.ts') }));
  },
};

/** The sources of a commit, extracted beside a link to this checkout's node_modules. */
export function sourcesOf(commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), `imaging-lab-panel-${commit.slice(0, 7)}-`));
  const tar = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', commit, 'src', 'webview', 'package.json'], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * Bundles a version's panel host with the benchmark's `vscode` slice and virtual timers injected
 * (the host's 1 s ticker then runs on replayed time), and its page as VS Code would load it.
 */
export async function buildPanel(label: string, root: string): Promise<BuiltPanel> {
  const out = mkdtempSync(join(tmpdir(), `imaging-lab-panel-${label}-`));
  if (!existsSync(join(out, 'node_modules'))) symlinkSync(join(REPO, 'node_modules'), join(out, 'node_modules'));
  const panels = join(root, 'src/vscode/webviews/progress/progressPanels.ts');
  const entry = join(out, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { ProgressPanel } from ${JSON.stringify(join(root, 'src/vscode/webviews/progress/progressPanel'))};`,
      `export { progressHtml, newNonce } from ${JSON.stringify(join(root, 'src/vscode/webviews/progress/progressHtml'))};`,
      `export { initialProgress, progressReducer } from ${JSON.stringify(join(root, 'src/core/deploy/progressReducer'))};`,
      `export { toDeployEvent } from ${JSON.stringify(join(root, 'src/core/deploy/deployEvent'))};`,
      existsSync(panels) ? `export { ProgressPanels } from ${JSON.stringify(panels.replace(/\.ts$/, ''))};` : 'export const ProgressPanels = undefined;',
      `export { virtualClock } from ${JSON.stringify(join(__dirname, 'virtualTime'))};`,
      `export * as vscodeShim from 'vscode';`,
    ].join('\n'),
  );
  mkdirSync(out, { recursive: true });
  const hostFile = join(out, 'host.js');
  await build({
    entryPoints: [entry],
    outfile: hostFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@aws-sdk/*'],
    inject: [join(__dirname, 'virtualTime.ts')],
    plugins: [vscodeShim],
    logLevel: 'warning',
  });
  const page = await build({ entryPoints: [join(root, 'webview/progress/main.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'warning' });
  return { label, hostFile, pageScript: page.outputFiles[0]?.text ?? '' };
}

export { REPO };
