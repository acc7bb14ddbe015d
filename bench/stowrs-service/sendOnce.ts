/**
 * The one client of the benchmark, in its own process: Imaging Lab's STOW-RS client sends every
 * instance in a folder to one DICOMweb base URL. Prints one JSON line { seconds, bytes, stored, failed }.
 * Usage: node --require tsx/cjs bench/stowrs-service/sendOnce.ts '{"url":"...","dir":"..."}'
 */
import { scanDicom } from '../../src/core/dicom/scanDicom';
import { sendInstances } from '../../src/core/dicom/sendInstances';

interface Spec {
  readonly url: string;
  readonly dir: string;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
  const scan = await scanDicom([spec.dir]);
  const started = performance.now();
  const report = await sendInstances(scan.instances, scan.skipped, { endpoint: { url: spec.url } });
  const seconds = (performance.now() - started) / 1000;
  const stored = report.instances.filter((i) => i.fate === 'stored').length;
  process.stdout.write(`${JSON.stringify({ seconds, bytes: scan.totalBytes, stored, failed: report.instances.length - stored })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
