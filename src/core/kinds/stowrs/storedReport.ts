import type { AwsClients } from '../../aws/clients';
import type { SendReport } from '../../dicom/sendTypes';
import type { StackInfo } from '../../stacks/stackInfo';
import { objectKey } from './objectKeys';
import { checkInstancesStored, listReceivedStudies, type ReceivedListing } from './receivedStudies';
import { stowrsStackFacts } from './stowrsOutputs';

export interface StoredReport {
  /** Every instance the service acknowledged is in the bucket at its key (with its size where known). */
  readonly ok: boolean;
  /** One line for a notification. */
  readonly summary: string;
  /** The report document: each instance's object. */
  readonly text: string;
}

/**
 * After a send to a STOW-RS stack: lists the bucket and checks every instance the service
 * acknowledged landed at `PREFIX/study/series/sop.dcm` (the response alone says only that the
 * service accepted it).
 */
export async function reportStoredInS3(clients: Pick<AwsClients, 's3'>, stack: StackInfo, sent: SendReport, signal?: AbortSignal): Promise<StoredReport> {
  const facts = stowrsStackFacts(stack);
  const stored = sent.instances.filter((i) => i.fate === 'stored').map((i) => ({
    studyInstanceUid: i.file.studyInstanceUid, seriesInstanceUid: i.file.seriesInstanceUid, sopInstanceUid: i.file.sopInstanceUid,
    ...(i.file.sendAs ? {} : { size: i.file.size }),
  }));
  const check = await checkInstancesStored(await clients.s3(stack.region), facts.bucket, facts.prefix, stored, signal);
  const where = `s3://${facts.bucket}/${facts.prefix === '' ? '' : `${facts.prefix}/`}`;
  const line = (mark: string, key: Parameters<typeof objectKey>[1], extra = '') => `  ${mark} ${objectKey(facts.prefix, key)}${extra}`;
  const text = [
    `Send to ${stack.stackName}, checked in ${where}`,
    `${check.present.length} of ${stored.length} acknowledged instance(s) found at their key.`,
    ...check.present.map((k) => line('found  ', k)),
    ...check.missing.map((k) => line('MISSING', k)),
    ...check.wrongSize.map((k) => line('SIZE   ', k, ` (sent ${k.expected} bytes, stored ${k.found})`)),
    '',
  ].join('\n');
  const ok = check.missing.length === 0 && check.wrongSize.length === 0 && stored.length > 0;
  const summary = ok
    ? `${stack.stackName}: all ${stored.length} instance(s) are in ${where}.`
    : `${stack.stackName}: ${check.missing.length} acknowledged instance(s) missing and ${check.wrongSize.length} of the wrong size in ${where}; see the report. The service's log group has its S3 errors.`;
  return { ok, summary, text };
}

/** "Browse Received Studies": the bucket as studies, series and instances, as text. */
export async function receivedStudiesText(clients: Pick<AwsClients, 's3'>, stack: StackInfo, signal?: AbortSignal): Promise<{ listing: ReceivedListing; text: string }> {
  const facts = stowrsStackFacts(stack);
  const listing = await listReceivedStudies(await clients.s3(stack.region), facts.bucket, facts.prefix, signal ? { signal } : {});
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const lines = [`Received by ${stack.stackName}: s3://${facts.bucket}/${facts.prefix === '' ? '' : `${facts.prefix}/`}`, ''];
  for (const study of listing.studies) {
    lines.push(`Study ${study.studyInstanceUid} (${study.series.length} series, ${study.instanceCount} instances, ${kib(study.bytes)})`);
    for (const series of study.series) {
      lines.push(`  Series ${series.seriesInstanceUid} (${series.instances.length} instances, ${kib(series.bytes)})`);
      for (const i of series.instances) lines.push(`    ${i.sopInstanceUid}.dcm  ${kib(i.size)}${i.lastModified ? `  ${i.lastModified.toISOString()}` : ''}`);
    }
  }
  if (listing.studies.length === 0) lines.push('No study received yet. Send DICOM to the stack (right-click it, or a folder in the Explorer).');
  if (listing.otherObjects > 0) lines.push('', `${listing.otherObjects} other object(s) under the prefix are not study/series/sop.dcm and are not shown.`);
  if (listing.truncated) lines.push('', 'The listing stopped at 10,000 objects.');
  return { listing, text: `${lines.join('\n')}\n` };
}
