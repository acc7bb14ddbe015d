import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The extension host loads mocha's CommonJS entry from node_modules: lib/mocha.cjs in mocha 12 (an
 * ESM package), the package itself in mocha 11 (CommonJS, what the Stryker runner needs).
 */
function mochaFromNodeModules(repoRoot: string): Plugin {
  const entry = existsSync(join(repoRoot, 'node_modules', 'mocha', 'lib', 'mocha.cjs')) ? 'mocha/lib/mocha.cjs' : 'mocha';
  return {
    name: 'mocha-cjs-external',
    setup(b) {
      b.onResolve({ filter: /^mocha$/ }, () => ({ path: entry, external: true }));
    },
  };
}

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
    plugins: [mochaFromNodeModules(repoRoot)],
  });
  return join(outDir, 'index.js');
}
