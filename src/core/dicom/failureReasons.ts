/**
 * Human-readable meaning of STOW-RS FailureReason (0008,1197) and WarningReason (0008,1196) values.
 * Servers send them as numbers (US), hex strings ("A700"), decimal strings or free text; the
 * stowrs-to-s3 service also uses a non-standard code 910.
 */
export function describeStatusCode(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'no reason given';
  if (typeof value === 'number') {
    if (value === 910) return describeNonStandard910();
    return describeNumeric(value);
  }
  const text = String(value).trim();
  if (text === '910') return describeNonStandard910();
  if (/^(0x)?[0-9a-f]{4}$/i.test(text)) return describeNumeric(Number.parseInt(text.replace(/^0x/i, ''), 16));
  if (/^[0-9]{5}$/.test(text)) return describeNumeric(Number.parseInt(text, 10));
  return text;
}

function describeNonStandard910(): string {
  return '910 (non-standard code of the stowrs-to-s3 service: the instance could not be stored)';
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

function describeNumeric(code: number): string {
  const label = `${hex(code)}: `;
  switch (code) {
    case 0x0110:
      return `${label}processing failure on the server`;
    case 0x0111:
      return `${label}duplicate SOP instance`;
    case 0x0122:
      return `${label}SOP Class not supported by the server`;
    case 0x0124:
      return `${label}refused: not authorized`;
    case 0xc122:
      return `${label}transfer syntax not supported by the server (convert the file or enable it on the server)`;
    case 0xb000:
      return `${label}stored with coercion of data elements`;
    case 0xb006:
      return `${label}stored, some elements discarded`;
    case 0xb007:
      return `${label}stored, but the data set does not match the SOP Class`;
  }
  if (code >= 0xa700 && code <= 0xa7ff) return `${label}refused: out of resources on the server (retry later or free space)`;
  if (code >= 0xa900 && code <= 0xa9ff) return `${label}data set does not match the SOP Class`;
  if (code >= 0xc000 && code <= 0xcfff) return `${label}the server cannot understand the data set`;
  return `${label}unrecognised status code`;
}

/** Out-of-resources failures are transient; others will fail the same way again. */
export function isRetryableFailure(value: unknown): boolean {
  const text = typeof value === 'number' ? hex(value) : String(value ?? '').trim().replace(/^0x/i, '');
  return /^a7[0-9a-f]{2}$/i.test(text);
}

// C0 and C1 controls (terminal escapes) and bidirectional overrides: text a server sends is shown, never obeyed.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * What a server said in an error body, fit to quote in a report: the message fields of a JSON
 * error (Orthanc's Message and Details, `error`, `message`...), or the text itself; control and
 * bidirectional characters removed, at most 300 characters. Undefined when it said nothing readable
 * (an empty body, or a DICOM JSON data set without a reason).
 */
export function serverText(body: string): string | undefined {
  const text = body.trim();
  if (text === '') return undefined;
  let quoted = text;
  try {
    const json = JSON.parse(text) as unknown;
    const record = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | null;
    if (record && typeof record === 'object') {
      const fields = ['Message', 'Details', 'message', 'detail', 'details', 'error', 'error_description', 'title']
        .map((key) => record[key])
        .filter((value): value is string => typeof value === 'string' && value.trim() !== '');
      if (fields.length === 0 && Object.keys(record).every((key) => /^[0-9a-f]{8}$/i.test(key))) return undefined;
      if (fields.length > 0) quoted = [...new Set(fields)].join(': ');
    }
  } catch {
    // Not JSON: quote the text.
  }
  const clean = quoted.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 299)}…` : clean;
}
