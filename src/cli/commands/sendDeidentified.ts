import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatDeidReport } from '../../core/deid/deidReport';
import { sendDeidentified } from '../../core/deid/sendDeidentified';
import type { DicomWebEndpoint } from '../../core/dicom/endpoint';
import { formatBytes } from '../../core/dicom/formatBytes';
import { allStored, summarizeReport, summaryLine } from '../../core/dicom/reportFormat';
import type { SendTuning } from '../../core/dicom/sendTypes';
import { terminalJson, terminalText } from '../../core/util/text';
import { EXIT, UsageError, type CliIo } from '../cliCommand';

export const DEIDENTIFY_OPTIONS = {
  deidentify: { type: 'boolean' },
  'clean-descriptors': { type: 'boolean' },
  'retain-dates': { type: 'boolean' },
  'include-burned-in': { type: 'boolean' },
  'dry-run': { type: 'string' },
  'uid-map': { type: 'string' },
} as const;

export interface DeidentifyValues {
  readonly 'clean-descriptors'?: boolean;
  readonly 'retain-dates'?: boolean;
  readonly 'include-burned-in'?: boolean;
  readonly 'dry-run'?: string;
  readonly 'uid-map'?: string;
  readonly verbose?: boolean;
  readonly json?: boolean;
}

/** Options that only mean something with --deidentify, and --study, which it cannot honour (UIDs are replaced). */
export function checkDeidentifyUsage(values: DeidentifyValues & { deidentify?: boolean; study?: string }): void {
  const only = (['clean-descriptors', 'retain-dates', 'include-burned-in', 'dry-run', 'uid-map'] as const).filter((k) => values[k] !== undefined);
  if (!values.deidentify && only.length > 0) throw new UsageError(`--${only[0]} needs --deidentify`);
  if (values.deidentify && values.study !== undefined) throw new UsageError('--study cannot be used with --deidentify: the Study Instance UID is replaced');
}

export function defaultMapPath(): string {
  return join(homedir(), '.imaging-lab', 'deid', 'uid-map.json');
}

/** `imaging-lab send --deidentify`: the de-identified send (or dry run) and its report. */
export async function runDeidentifiedSend(
  inputs: readonly string[],
  values: DeidentifyValues,
  target: { endpoint?: DicomWebEndpoint; tuning: Partial<SendTuning> },
  io: CliIo,
): Promise<number> {
  const dryRunDir = values['dry-run'] ? resolve(values['dry-run']) : undefined;
  const result = await sendDeidentified(inputs, {
    deid: { cleanDescriptors: values['clean-descriptors'] === true, retainDates: values['retain-dates'] === true },
    mapPath: values['uid-map'] ? resolve(values['uid-map']) : defaultMapPath(),
    includeBurnedIn: values['include-burned-in'] === true,
    ...(dryRunDir ? { dryRunDir } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    tuning: target.tuning,
    signal: io.signal,
    ...(values.verbose ? { log: (line: string) => io.err(`${terminalText(line)}\n`) } : {}),
  });
  const bytes = result.instances.reduce((sum, i) => sum + i.size, 0);
  if (values.json) {
    io.out(
      `${terminalJson(
        {
          deidentified: result.instances.length,
          method: result.method,
          heldBack: result.heldBack.map((h) => ({ file: h.path, reason: h.reason })),
          ...(result.written ? { written: result.written.map((w) => ({ file: w.source, copy: w.target })) } : {}),
          ...(result.report ? summarizeReport(result.report) : { skipped: result.skipped.map((s) => ({ file: s.path, reason: s.reason })) }),
        },
      )}\n`,
    );
  } else {
    io.err(`${result.instances.length} instance(s) de-identified, ${formatBytes(bytes)}; ${result.heldBack.length} held back; ${result.skipped.length - result.heldBack.length} skipped\n`);
    io.out(terminalText(formatDeidReport(result)));
    if (result.report) {
      for (const warning of result.report.securityWarnings) io.err(`WARNING: ${warning}\n`);
      io.err(`${terminalText(summaryLine(result.report))}\n`);
    }
  }
  if (result.instances.length === 0) {
    io.err('Nothing to send: no instance could be de-identified and sent (see held back and skipped above).\n');
    return EXIT.failure;
  }
  if (result.written) return EXIT.ok;
  return result.report && allStored(result.report) ? EXIT.ok : EXIT.failure;
}
