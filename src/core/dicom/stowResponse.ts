/** One instance as the server reports it in a Store Instances Response (PS3.18 §10.5.3). */
export interface ReportedInstance {
  readonly sopInstanceUid: string;
  readonly sopClassUid: string | undefined;
  readonly retrieveUrl: string | undefined;
  /** Raw FailureReason (failed) or WarningReason (stored with warning), as the server sent it. */
  readonly reason: unknown;
}

export interface StowResponse {
  readonly stored: ReportedInstance[];
  readonly failed: ReportedInstance[];
  /** True when the body was empty or not a DICOM JSON data set. */
  readonly empty: boolean;
}

const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const OTHER_FAILURES_SEQUENCE = '0008119A';
const SOP_INSTANCE = '00081155';
const SOP_CLASS = '00081150';
const RETRIEVE_URL = '00081190';
const FAILURE_REASON = '00081197';
const WARNING_REASON = '00081196';

type JsonDataSet = Record<string, { Value?: unknown[] } | undefined>;

/**
 * Parses `application/dicom+json` or plain `application/json` bodies, a data set or an array
 * holding one, tolerating empty bodies and tag keys in either case.
 */
export function parseStowResponse(body: string): StowResponse {
  const text = body.trim();
  if (text === '') return { stored: [], failed: [], empty: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { stored: [], failed: [], empty: true };
  }
  const dataSet = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!dataSet || typeof dataSet !== 'object') return { stored: [], failed: [], empty: true };
  const upper = normaliseKeys(dataSet as JsonDataSet);
  const stored = items(upper, REFERENCED_SOP_SEQUENCE, WARNING_REASON);
  const failed = [...items(upper, FAILED_SOP_SEQUENCE, FAILURE_REASON), ...items(upper, OTHER_FAILURES_SEQUENCE, FAILURE_REASON)];
  return { stored, failed, empty: stored.length === 0 && failed.length === 0 && !(REFERENCED_SOP_SEQUENCE in upper) && !(FAILED_SOP_SEQUENCE in upper) };
}

function normaliseKeys(dataSet: JsonDataSet): JsonDataSet {
  const result: JsonDataSet = {};
  for (const [key, value] of Object.entries(dataSet)) result[key.toUpperCase()] = value;
  return result;
}

function first(dataSet: JsonDataSet, tag: string): unknown {
  const value = dataSet[tag]?.Value;
  return Array.isArray(value) ? value[0] : undefined;
}

function items(dataSet: JsonDataSet, sequenceTag: string, reasonTag: string): ReportedInstance[] {
  const value = dataSet[sequenceTag]?.Value;
  if (!Array.isArray(value)) return [];
  const result: ReportedInstance[] = [];
  for (const raw of value) {
    if (!raw || typeof raw !== 'object') continue;
    const item = normaliseKeys(raw as JsonDataSet);
    const uid = first(item, SOP_INSTANCE);
    if (typeof uid !== 'string' || uid === '') continue;
    const sopClass = first(item, SOP_CLASS);
    const url = first(item, RETRIEVE_URL);
    result.push({
      sopInstanceUid: uid,
      sopClassUid: typeof sopClass === 'string' ? sopClass : undefined,
      retrieveUrl: typeof url === 'string' ? url : undefined,
      reason: first(item, reasonTag),
    });
  }
  return result;
}
