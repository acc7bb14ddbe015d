/**
 * Hostile DICOM files (issue 21, finding 3): the scan of today's code against the scan of an
 * earlier commit, each in its own process, on
 *   - a 1 GiB sparse file without a SOP Instance UID (4 KiB on disk),
 *   - four of them in one folder (the default concurrency reads them together),
 *   - a 2.5 GiB sparse file without a SOP Instance UID,
 *   - a 1 MB deflate bomb (a deflated data set inflating to 1 GiB).
 * Prints wall time, peak RSS and the outcome (the reason, or how the process died).
 *
 * Run: npx tsx bench/stow/hostile.ts [--before REV]   (or npm run bench:hostile)
 *   --before  the commit to compare with (default: the last commit before the bounded reader)
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDeflateBomb, writeSparseWithoutUid } from '../../test/unit/dicom/hostileFiles';
import { bundleOurs, sourceAt } from './gitSource';

const { values } = parseArgs({ options: { before: { type: 'string', default: 'e5e36fe' } } });
const GiB = 1024 ** 3;
const CLIENT = resolve(__dirname, 'scanClient.ts');

interface Outcome {
  seconds: number;
  peakRssMb: number;
  result: string;
}

/** Runs one scan in a child; a crash (Node's abort on a 2.5 GiB read) is an outcome, not an error. */
function scanInChild(code: string, path: string): Promise<Outcome> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, '--require', 'tsx/cjs', CLIENT, code, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const peakRssMb = Number(err.trim().split('\n').at(-1)) / 1024;
      if (code !== 0) {
        const cause = /Command terminated by signal (\d+)/.exec(err)?.[1] ?? /Command exited with non-zero status (\d+)/.exec(err)?.[1];
        const assertion = /Assertion failed: [^\n]*/.exec(err)?.[0];
        resolvePromise({ seconds, peakRssMb, result: `CRASHED (exit ${cause ?? code}${assertion ? `: ${assertion}` : ''})` });
        return;
      }
      const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { skipped: { path: string; reason: string }[]; instances: number };
      const reasons = [...new Set(r.skipped.map((s) => s.reason))];
      resolvePromise({ seconds, peakRssMb, result: `${r.instances} sent, ${r.skipped.length} skipped: ${reasons.join(' | ')}` });
    });
  });
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'bench-hostile-'));
  try {
    await mkdir(join(work, 'four'));
    for (let i = 1; i <= 4; i++) await writeSparseWithoutUid(join(work, 'four', `sparse-${i}.dcm`), GiB);
    const inputs = [join(work, 'sparse-1GiB.dcm'), join(work, 'four'), join(work, 'sparse-2.5GiB.dcm'), join(work, 'deflate-bomb.dcm')];
    await writeSparseWithoutUid(inputs[0] as string, GiB);
    await writeSparseWithoutUid(inputs[2] as string, 2.5 * GiB);
    await writeDeflateBomb(inputs[3] as string);
    const codes = [
      { label: `before (${values.before})`, code: sourceAt(values.before as string) },
      { label: 'after (bundled, worker)', code: await bundleOurs(resolve(__dirname, '..', '..'), 'current') },
    ];
    const rows: string[][] = [];
    for (const input of inputs) {
      for (const { label, code } of codes) {
        process.stderr.write(`  ${basename(input)}, ${label}...\n`);
        const o = await scanInChild(code, input);
        rows.push([basename(input) === 'four' ? '4 x 1 GiB sparse' : basename(input), label, o.seconds.toFixed(1), o.peakRssMb.toFixed(0), o.result]);
      }
    }
    const head = ['input', 'code', 'seconds', 'peak RSS MB', 'outcome'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
    process.stdout.write(`\nScan of hostile files, each run in its own process (peak RSS includes Node itself, ~50 MB)\n${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

void main();
