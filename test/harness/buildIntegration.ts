import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** mocha 12 is an ESM package with a CommonJS build; the extension host loads the latter from node_modules. */
const mochaFromNodeModules: Plugin = {
  name: 'mocha-cjs-external',
  setup(b) {
    b.onResolve({ filter: /^mocha$/ }, () => ({ path: 'mocha/lib/mocha.cjs', external: true }));
  },
};

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
    external: ['vscode'],
    plugins: [mochaFromNodeModules],
  });
  return join(outDir, 'index.js');
}
