import { formatReportText } from '../dicom/reportFormat';
import type { DeidSendResult } from './sendDeidentified';

/**
 * The account of a de-identified send or dry run: what was applied, then per instance the source
 * file, the new SOP Instance UID and its fate; held-back instances with their reason.
 */
export function formatDeidReport(result: DeidSendResult): string {
  const lines = [`De-identified with: ${result.method}`, 'Private attributes removed; Patient Identity Removed = YES; pixel data copied unchanged.'];
  if (result.written) {
    lines.push('', `DRY RUN: ${result.written.length} de-identified cop${result.written.length === 1 ? 'y' : 'ies'} written, nothing sent`);
    for (const w of result.written) lines.push(`  ${w.source}\n    -> ${w.target}`);
  }
  if (result.heldBack.length > 0) {
    lines.push('', `HELD BACK (${result.heldBack.length}): possibly burned-in identity; include them explicitly to send`);
    for (const h of result.heldBack) lines.push(`  ${h.path}\n    ${h.reason}`);
  }
  if (result.report) {
    const byNew = new Map(result.instances.map((i) => [i.sopInstanceUid, i]));
    lines.push('', formatReportText(result.report).trimEnd());
    lines.push('', 'DE-IDENTIFIED INSTANCES (source -> new SOP Instance UID)');
    for (const outcome of result.report.instances) {
      const instance = byNew.get(outcome.file.sopInstanceUid);
      lines.push(`  ${outcome.file.path} -> ${outcome.file.sopInstanceUid}: ${outcome.fate}, de-identified (${result.method})${instance ? '' : ' [unknown]'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
