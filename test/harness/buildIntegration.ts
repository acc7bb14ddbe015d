import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Compiles the integration suite to CommonJS in out/test/integration: index.js (the
 * extensionTestsPath module) and one file per *.test.ts. Source imports are bundled in; `vscode`
 * is provided by the extension host.
 */
export async function buildIntegrationSuite(repoRoot: string): Promise<string> {
  const srcDir = join(repoRoot, 'test', 'integration');
  const outDir = join(repoRoot, 'out', 'test', 'integration');
  rmSync(outDir, { recursive: true, force: true });
  const entries = readdirSync(srcDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await build({
    entryPoints: entries.map((f) => join(srcDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // The extension host provides `vscode`; mocha (CommonJS) is loaded from node_modules.
    external: ['vscode', 'mocha'],
  });
  // Suites that call the DICOM scan directly start its worker from next to their bundle.
  await build({ entryPoints: { scanWorker: join(repoRoot, 'src', 'core', 'dicom', 'scanWorker.ts') }, outdir: outDir, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return join(outDir, 'index.js');
}
