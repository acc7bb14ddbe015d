import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerScript } from './budgetedWorker';

/**
 * Where the scan worker is: next to this code's bundle (dist/scanWorker.js, built by esbuild.js),
 * or, when running from TypeScript sources (tests, benchmarks under tsx), the source itself loaded
 * through tsx, since a worker thread does not inherit the loader of its parent.
 */
export function scanWorkerScript(): WorkerScript {
  if (__filename.endsWith('.ts')) return typeScriptWorker(join(__dirname, 'scanWorker.ts'));
  const bundle = join(__dirname, 'scanWorker.js');
  if (!existsSync(bundle)) throw new Error(`The DICOM scan worker ${bundle} is missing: the installation is incomplete (build with 'npm run build' or reinstall the extension).`);
  return { filename: bundle };
}

/** A worker running a TypeScript file through tsx (development and tests only). */
export function typeScriptWorker(source: string): WorkerScript {
  // A computed name: bundles never take this path and must not try to resolve tsx.
  const loader = ['tsx', 'cjs'].join('/');
  const tsx = require.resolve(loader);
  return { filename: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, options: { eval: true } };
}
