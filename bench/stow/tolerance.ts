/**
 * Issue 23's account on one generated set (test/peers/dicom/toleranceCorpus.ts: files built with
 * dcmtk and byte editing around the meta header and the pixel data): how many files Orthanc's
 * native REST ingest accepts, and how many of them our client stores through Orthanc's STOW-RS,
 * with the code of an earlier commit and with today's, each against a fresh Orthanc.
 *
 * Run: npx tsx bench/stow/tolerance.ts [--before REV]   (or npm run bench:tolerance)
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { scanDicom as ScanDicom } from '../../src/core/dicom/scanDicom';
import type { sendInstances as SendInstances } from '../../src/core/dicom/sendInstances';
import { startOrthanc } from '../../test/support/orthanc';
import { writeToleranceCorpus } from '../../test/peers/dicom/toleranceCorpus';
import { sourceAt } from './gitSource';

const { values } = parseArgs({ options: { before: { type: 'string', default: 'e5e36fe' } } });

interface Client {
  scanDicom: typeof ScanDicom;
  sendInstances: typeof SendInstances;
}

function clientAt(root: string): Client {
  const load = createRequire(__filename);
  return { ...(load(join(root, 'src/core/dicom/scanDicom.ts')) as Pick<Client, 'scanDicom'>), ...(load(join(root, 'src/core/dicom/sendInstances.ts')) as Pick<Client, 'sendInstances'>) };
}

const short = (text: string) => (text.length > 70 ? `${text.slice(0, 69)}…` : text);

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bench-tolerance-'));
  const orthanc = await startOrthanc();
  try {
    const dir = join(work, 'corpus');
    const corpus = await writeToleranceCorpus(dir);
    const native = new Map<string, string>();
    for (const f of corpus) {
      const response = await fetch(`${orthanc.url}/instances`, { method: 'POST', body: new Uint8Array(await readFile(join(dir, f.name))) });
      const body = await response.text();
      native.set(f.name, response.ok ? 'accepted' : `HTTP ${response.status}${/"Details"\s*:\s*"([^"]*)"/.exec(body)?.[1] ? `: ${/"Details"\s*:\s*"([^"]*)"/.exec(body)?.[1]}` : ''}`);
    }
    const nativeInstances = (await orthanc.storedSopInstanceUids()).size;

    const runs: { label: string; fates: Map<string, string>; stored: number }[] = [];
    for (const [label, root] of [[`before (${values.before})`, sourceAt(values.before as string)], ['after', resolve(__dirname, '..', '..')]] as const) {
      await orthanc.clear();
      const { scanDicom, sendInstances } = clientAt(root);
      const scan = await scanDicom([dir]);
      const report = await sendInstances(scan.instances, scan.skipped, { endpoint: { url: orthanc.dicomWeb } });
      const fates = new Map<string, string>();
      for (const s of report.skipped) fates.set(basename(s.path), `skipped: ${s.reason}`);
      for (const i of report.instances) fates.set(basename(i.file.path), i.fate === 'stored' ? 'stored' : `${i.fate}: ${i.reason ?? ''}`);
      runs.push({ label, fates, stored: (await orthanc.storedSopInstanceUids()).size });
    }

    const head = ['file', 'Orthanc native', ...runs.map((r) => r.label)];
    const rows = corpus.map((f) => [f.name, short(native.get(f.name) ?? ''), ...runs.map((r) => short(r.fates.get(f.name) ?? ''))]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
    process.stdout.write(`\n${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n\n`);
    const accepted = [...native.values()].filter((v) => v === 'accepted').length;
    process.stdout.write(`${corpus.length} files. Orthanc's native ingest accepts ${accepted} files (${nativeInstances} distinct instances).\n`);
    for (const r of runs) {
      const storedFiles = [...r.fates.values()].filter((v) => v === 'stored').length;
      const alsoNative = corpus.filter((f) => r.fates.get(f.name) === 'stored' && native.get(f.name) === 'accepted').length;
      process.stdout.write(`${r.label}: stores ${storedFiles} files (${r.stored} instances in Orthanc), ${alsoNative} of the ${accepted} the native ingest accepts (${(alsoNative / accepted).toFixed(2)}x)\n`);
    }
  } finally {
    await orthanc.stop();
    await rm(work, { recursive: true, force: true });
  }
}

void main();
