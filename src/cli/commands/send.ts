import { parseArgs } from 'node:util';
import { makeEndpoint, type DicomWebAuth, type DicomWebEndpoint } from '../../core/dicom/endpoint';
import { normalizePin } from '../../core/dicom/pinnedAgent';
import { allStored, formatReportText, summarizeReport, summaryLine, type ReportSummary } from '../../core/dicom/reportFormat';
import { formatBytes } from '../../core/dicom/formatBytes';
import { scanAndSend } from '../../core/dicom/sendInstances';
import type { SendReport, SendTuning } from '../../core/dicom/sendTypes';
import { isValidUid } from '../../core/dicom/uid';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../cliCommand';
import { terminalJson } from '../../core/util/text';
import { checkDeidentifyUsage, DEIDENTIFY_OPTIONS, runDeidentifiedSend } from './sendDeidentified';

const OPTIONS = {
  url: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  'token-env': { type: 'string' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  insecure: { type: 'boolean' },
  'pin-sha256': { type: 'string' },
  study: { type: 'string' },
  strict: { type: 'boolean' },
  'batch-bytes': { type: 'string' },
  'batch-count': { type: 'string' },
  concurrency: { type: 'string' },
  chunked: { type: 'boolean' },
  verbose: { type: 'boolean' },
  json: { type: 'boolean' },
  ...DEIDENTIFY_OPTIONS,
  // --stack: the deployed stack's own target (stowrs: pinned fingerprint + the deploy's client certificate).
  stack: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
} as const;

export type SendValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} must be a positive integer (got '${value}')`);
  return Number(value);
}

function secretFromEnv(io: CliIo, flag: string, variable: string): string {
  const value = io.env[variable];
  if (!value) throw new UsageError(`--${flag} names ${variable}, but that environment variable is empty or not set`);
  return value;
}

export function endpointFromOptions(values: SendValues, io: CliIo): DicomWebEndpoint {
  if (!values.url) throw new UsageError('--url is required');
  if (values.user && values['token-env']) throw new UsageError('use either --user/--password-env or --token-env, not both');
  if (values['password-env'] && !values.user) throw new UsageError('--password-env needs --user');
  if ((values.cert && !values.key) || (values.key && !values.cert)) throw new UsageError('--cert and --key go together');
  let auth: DicomWebAuth = { kind: 'none' };
  if (values.user) auth = { kind: 'basic', username: values.user, password: values['password-env'] ? secretFromEnv(io, 'password-env', values['password-env']) : '' };
  if (values['token-env']) auth = { kind: 'bearer', token: secretFromEnv(io, 'token-env', values['token-env']) };
  const pin = values['pin-sha256'];
  if (pin !== undefined) {
    try {
      normalizePin(pin);
    } catch (error) {
      throw new UsageError(`--pin-sha256: ${(error as Error).message}`);
    }
  }
  return makeEndpoint(values.url, auth, { ...values, ...(pin ? { pinSha256: pin } : {}) });
}

export function tuningFromOptions(values: SendValues): Partial<SendTuning> {
  const tuning: { -readonly [K in keyof SendTuning]?: SendTuning[K] } = {};
  const bytes = positiveInt('batch-bytes', values['batch-bytes']);
  const count = positiveInt('batch-count', values['batch-count']);
  const concurrency = positiveInt('concurrency', values.concurrency);
  if (bytes) tuning.batchBytes = bytes;
  if (count) tuning.batchCount = count;
  if (concurrency) tuning.concurrency = concurrency;
  if (values.chunked) tuning.chunked = true;
  return tuning;
}

/** --json: `seconds` is the whole run as the user waited for it (from process start), `phases` its parts. */
function withWholeTime(summary: ReportSummary, phasesMs: { start: number; scan: number; send: number }): ReportSummary & { phases: typeof phasesMs } {
  const seconds = (ms: number) => Math.round(ms) / 1000;
  const phases = { start: seconds(phasesMs.start), scan: seconds(phasesMs.scan), send: seconds(phasesMs.send) };
  return { ...summary, seconds: seconds(phasesMs.start + phasesMs.scan + phasesMs.send), phases };
}

export const sendCommand: CliCommand = {
  async run(args, io) {
    const commandStart = performance.now();
    const { values, positionals } = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
    if (positionals.length === 0) throw new UsageError('give at least one file or folder to send');
    checkDeidentifyUsage(values);
    if (values.study !== undefined && !isValidUid(values.study)) throw new UsageError(`--study '${values.study}' is not a valid DICOM UID`);
    if (values.stack !== undefined) return (await import('./sendToStack')).sendToStack(positionals, values, io, commandStart);
    if (values.region !== undefined || values.profile !== undefined) throw new UsageError('--region and --profile go with --stack');
    if (values.deidentify) return runDeidentifiedSend(positionals, values, { ...(values['dry-run'] ? {} : { endpoint: endpointFromOptions(values, io) }), tuning: tuningFromOptions(values) }, io);
    return (await sendFiles(positionals, values, endpointFromOptions(values, io), io, commandStart)).code;
  },
};

/**
 * Scans, sends and prints the report; the report is returned for what a stack checks after (STOW-RS:
 * the bucket). The scan and the send overlap: batches go out while later files are still being checked.
 */
export async function sendFiles(positionals: readonly string[], values: SendValues, endpoint: DicomWebEndpoint, io: CliIo, commandStart: number): Promise<{ code: number; report: SendReport }> {
  const tuning = tuningFromOptions(values);
  const progressLine = !values.json && process.stderr.isTTY === true;

  const scanStart = performance.now();
  let scanEnd = scanStart;
  const { scan, report } = await scanAndSend(
    positionals,
    {
      ...(values.study ? { studyInstanceUid: values.study } : {}),
      strict: values.strict === true,
      onProgress: (done, total) => {
        if (done === total) scanEnd = performance.now();
      },
    },
    {
      endpoint,
      ...(values.study ? { studyInstanceUid: values.study } : {}),
      tuning,
      signal: io.signal,
      ...(values.verbose ? { log: (line: string) => io.err(`${line}\n`) } : {}),
      ...(progressLine
        ? { onProgress: (p) => (io.status ?? io.err)(`${p.instancesDone}/${p.instancesTotal} instances, ${formatBytes(p.bytesSent)} of ${formatBytes(p.totalBytes)}   `) }
        : {}),
    },
  );
  if (progressLine) io.err('\n');
  if (!values.json) io.err(`${report.instances.length} valid DICOM file(s), ${formatBytes(report.bytesTotal)}; ${report.skipped.length} skipped\n`);
  for (const warning of report.securityWarnings) io.err(`WARNING: ${warning}\n`);
  if (values.json) {
    const phases = { start: commandStart - (io.startedAt ?? commandStart), scan: scanEnd - scanStart, send: performance.now() - scanEnd };
    io.out(`${terminalJson(withWholeTime(summarizeReport(report), phases))}\n`);
  } else {
    const text = formatReportText(report);
    // The stored list can be long; print it only with --verbose.
    io.out(values.verbose ? text : `${text.split('\nSTORED (')[0]?.trimEnd()}\n`);
    io.err(`${summaryLine(report)}\n`);
  }
  if (scan && scan.instances.length === 0) io.err('Nothing to send: no valid DICOM files among the inputs.\n');
  return { code: allStored(report) ? EXIT.ok : EXIT.failure, report };
}
