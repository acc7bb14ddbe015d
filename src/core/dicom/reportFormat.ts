import { formatBytes } from './formatBytes';
import { countFates, type SendReport } from './sendTypes';
import { transferSyntaxName } from './transferSyntax';

/** The machine-readable account (CLI --json): every valid file is in stored or failed, every other in skipped. */
export interface ReportSummary {
  readonly files: number;
  readonly sent: number;
  /** Stored instances, including those stored with a warning. */
  readonly stored: number;
  readonly warnings: number;
  readonly failed: { file: string; sopInstanceUid: string; reason: string }[];
  readonly skipped: { file: string; reason: string }[];
  /** What the scan tolerated or repaired in files it let through (tolerant policy). */
  readonly scanWarnings: { file: string; warning: string }[];
  /** Files sent with a file meta header written by Imaging Lab (none, or an inconsistent one, in the file). */
  readonly metaHeaderWritten: string[];
  readonly bytes: number;
  readonly seconds: number;
}

export function summarizeReport(report: SendReport): ReportSummary {
  const c = countFates(report.instances);
  return {
    files: report.instances.length + report.skipped.length,
    sent: report.instances.filter((i) => i.attempts > 0).length,
    stored: c.stored,
    warnings: c.warnings,
    failed: report.instances
      .filter((i) => i.fate !== 'stored')
      .map((i) => ({ file: i.file.path, sopInstanceUid: i.file.sopInstanceUid, reason: i.reason ?? i.fate })),
    skipped: report.skipped.map((s) => ({ file: s.path, reason: s.reason })),
    scanWarnings: report.instances.flatMap((i) => (i.file.warnings ?? []).map((warning) => ({ file: i.file.path, warning }))),
    metaHeaderWritten: report.instances.filter((i) => i.file.sendAs?.writeMeta).map((i) => i.file.path),
    bytes: report.bytesStored,
    seconds: Math.round(report.seconds * 1000) / 1000,
  };
}

/** True only when every valid file was stored (and there was at least one). */
export function allStored(report: SendReport): boolean {
  return report.instances.length > 0 && report.instances.every((i) => i.fate === 'stored');
}

export function megabytesPerSecond(report: SendReport): number {
  return report.seconds > 0 ? report.bytesStored / 1e6 / report.seconds : 0;
}

/** One line for a notification or the end of CLI output. */
export function summaryLine(report: SendReport): string {
  const c = countFates(report.instances);
  const parts = [`${c.stored} stored${c.warnings ? ` (${c.warnings} with warnings)` : ''}`, `${c.failed} failed`];
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  parts.push(`${report.skipped.length} skipped`);
  return `${parts.join(', ')}; ${formatBytes(report.bytesStored)} in ${report.seconds.toFixed(1)} s (${megabytesPerSecond(report).toFixed(1)} MB/s)`;
}

/** A plain-text account listing every file, its SOP Instance UID and fate (the "Show details" view). */
export function formatReportText(report: SendReport): string {
  const lines: string[] = [`STOW-RS to ${report.endpoint}`, summaryLine(report), `${report.requests} request(s), ${report.retries} retried${report.cancelled ? ', CANCELLED by the user' : ''}`];
  for (const warning of report.securityWarnings) lines.push(`WARNING: ${warning}`);
  const section = (title: string, rows: string[]) => {
    if (rows.length === 0) return;
    lines.push('', `${title} (${rows.length})`, ...rows);
  };
  const describe = (fate: string) =>
    report.instances
      .filter((i) => i.fate === fate)
      .map((i) => {
        const details = [i.reason ?? i.warning, ...(i.file.warnings ?? []).map((w) => `scan: ${w}`)].filter(Boolean);
        return `  ${i.file.path}\n    SOP Instance UID ${i.file.sopInstanceUid} · ${transferSyntaxName(i.file.transferSyntaxUid)}${i.attempts > 1 ? ` · ${i.attempts} attempts` : ''}${details.map((d) => `\n    ${d}`).join('')}`;
      });
  section('FAILED', describe('failed'));
  section('CANCELLED', describe('cancelled'));
  section('SKIPPED before sending', report.skipped.map((s) => `  ${s.path}\n    ${s.reason}`));
  section('SENT WITH A FILE META HEADER WRITTEN BY IMAGING LAB', report.instances.filter((i) => i.file.sendAs?.writeMeta).map((i) => `  ${i.file.path} (${i.fate})`));
  section('STORED', describe('stored'));
  return `${lines.join('\n')}\n`;
}
