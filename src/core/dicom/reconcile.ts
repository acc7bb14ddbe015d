import type { IncomingHttpHeaders } from 'node:http';
import { describeStatusCode, isRetryableFailure, serverText } from './failureReasons';
import type { DicomInstanceFile } from './scanDicom';
import { parseStowResponse } from './stowResponse';

export interface SettledInstance {
  readonly fate: 'stored' | 'failed';
  readonly reason?: string;
  readonly warning?: string;
  readonly retrieveUrl?: string;
}

/** What one HTTP answer means for each instance of the batch it carried. */
export interface BatchVerdict {
  readonly settled: Map<string, SettledInstance>;
  /** Instances to send again (transient failure), never ones confirmed stored. */
  readonly retry: DicomInstanceFile[];
  readonly retryAfterMs?: number;
  /** The batch was too large for the server: resend its instances in smaller requests. */
  readonly split?: boolean;
  /**
   * The server refused the request without saying which of these instances it refused (it may have
   * stored the others): resend them in halves until each refused instance is alone.
   */
  readonly isolate?: DicomInstanceFile[];
  /** A problem that will fail every other request too (auth, wrong URL): stop sending. */
  readonly fatal?: string;
}

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

const FATAL_STATUS: Record<number, string> = {
  401: 'the server requires authentication (HTTP 401): check the user name and password or token of this endpoint',
  403: 'the server refused access (HTTP 403): check that these credentials may store images',
  404: 'no STOW-RS service at this URL (HTTP 404): check the DICOMweb base URL of the endpoint',
  405: 'the server does not accept STOW-RS POST at this URL (HTTP 405): check the DICOMweb base URL',
  415: 'the server does not accept multipart/related application/dicom (HTTP 415)',
};

export function reconcileBatch(sent: readonly DicomInstanceFile[], status: number, statusText: string, headers: IncomingHttpHeaders, body: string): BatchVerdict {
  const response = parseStowResponse(body);
  const settled = new Map<string, SettledInstance>();
  const httpLabel = `HTTP ${status}${statusText ? ` ${statusText}` : ''}${status === 409 ? ': the Study Instance UID does not match the study in the URL' : ''}`;

  if (response.empty) {
    if (TRANSIENT_STATUS.has(status)) return { settled, retry: [...sent], retryAfterMs: retryAfterMs(headers['retry-after']) };
    if (status === 413 && sent.length > 1) return { settled, retry: [...sent], split: true };
    const fatal = FATAL_STATUS[status];
    if (fatal) {
      for (const file of sent) settled.set(file.sopInstanceUid, { fate: 'failed', reason: fatal });
      return { settled, retry: [], fatal };
    }
  }

  const stored = new Map(response.stored.map((r) => [r.sopInstanceUid, r]));
  const failed = new Map(response.failed.map((r) => [r.sopInstanceUid, r]));
  const retry: DicomInstanceFile[] = [];
  const isolate: DicomInstanceFile[] = [];
  // A refusal of the request (409 aside: a study mismatch concerns every instance alike).
  const refused = status >= 400 && status !== 409;
  const said = serverText(body);
  for (const file of sent) {
    const uid = file.sopInstanceUid;
    const ok = stored.get(uid);
    const bad = failed.get(uid);
    if (ok && !bad) {
      const hasWarning = ok.reason !== undefined && ok.reason !== null && ok.reason !== '';
      settled.set(uid, {
        fate: 'stored',
        ...(hasWarning ? { warning: describeStatusCode(ok.reason) } : {}),
        ...(ok.retrieveUrl ? { retrieveUrl: ok.retrieveUrl } : {}),
      });
    } else if (bad) {
      if (isRetryableFailure(bad.reason)) retry.push(file);
      else settled.set(uid, { fate: 'failed', reason: `${describeStatusCode(bad.reason)} (${httpLabel})` });
    } else if (response.empty && (status === 200 || status === 204)) {
      settled.set(uid, { fate: 'stored', warning: `the server answered ${httpLabel} without a per-instance response, so storage is not confirmed instance by instance` });
    } else if (refused && sent.length > 1) {
      isolate.push(file);
    } else if (refused) {
      settled.set(uid, { fate: 'failed', reason: `refused by the server, sent alone (${httpLabel}): ${said ? `the server said "${said}"` : "its answer gives no reason; the server's log has it"}` });
    } else if (response.empty) {
      settled.set(uid, { fate: 'failed', reason: `${httpLabel}${said ? `: the server said "${said}"` : ''}` });
    } else {
      settled.set(uid, { fate: 'failed', reason: `not listed in the server's response (${httpLabel}): neither stored nor failed` });
    }
  }
  return { settled, retry, ...(isolate.length ? { isolate } : {}), ...(retry.length ? { retryAfterMs: retryAfterMs(headers['retry-after']) } : {}) };
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
