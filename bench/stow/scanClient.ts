/**
 * One scan in its own process (so its peak RSS is its own). Prints one JSON line:
 * { seconds, peakRssMb, instances, skipped: [{ path, reason }] }.
 * Usage: node --require tsx/cjs bench/stow/scanClient.ts <bundle.js | src root> <path>...
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { scanDicom as ScanDicom } from '../../src/core/dicom/scanDicom';

async function main(): Promise<void> {
  const [code, ...paths] = process.argv.slice(2);
  if (!code || paths.length === 0) throw new Error('usage: scanClient.ts <bundle.js | src root> <path>...');
  const load = createRequire(__filename);
  const { scanDicom } = load(code.endsWith('.js') ? code : join(code, 'src/core/dicom/scanDicom.ts')) as { scanDicom: typeof ScanDicom };
  const started = performance.now();
  const scan = await scanDicom(paths);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, instances: scan.instances.length, skipped: scan.skipped })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
