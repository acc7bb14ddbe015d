import type { ResponseFormat } from './mediaType';

export interface StoredInstance {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
}

/** A part that was not stored; without SOP identifiers it goes to the Other Failures Sequence. */
export interface FailedPart {
  readonly sopClassUid?: string;
  readonly sopInstanceUid?: string;
  /** PS3.18 Table I.2-2 Failure Reason (a US value). */
  readonly reason: number;
}

export interface StoreOutcome {
  readonly stored: readonly StoredInstance[];
  readonly failed: readonly FailedPart[];
}

/** PS3.18 Table I.2-2 codes the service uses. */
export const FAILURE = {
  /** A7xx Refused: out of resources (S3 throttled or unavailable: worth retrying). */
  outOfResources: 0xa700,
  /** Cxxx Error: cannot understand (not a PS3.10 part, identifiers missing or malformed). */
  cannotUnderstand: 0xc000,
  /** Cxxx: the part's Study Instance UID is not the one in /studies/{uid} (the code dcm4chee-arc uses). */
  studyMismatch: 0xc409,
  /** 0110 Processing failure (S3 refused the object for another reason). */
  processingFailure: 0x0110,
} as const;

/** PS3.18 §10.5.3.1: 200 all stored, 202 some, 409 none (the payload says why for each). */
export function storeStatus(outcome: StoreOutcome): 200 | 202 | 409 {
  if (outcome.failed.length === 0) return 200;
  return outcome.stored.length > 0 ? 202 : 409;
}

export const RESPONSE_MEDIA: Record<ResponseFormat, string> = {
  json: 'application/dicom+json',
  xml: 'application/dicom+xml',
};

type Attr = { tag: string; vr: 'UI' | 'UR' | 'US' | 'SQ'; keyword: string; values: (string | number | Attr[])[] };

const attr = (tag: string, vr: Attr['vr'], keyword: string, values: Attr['values']): Attr => ({ tag, vr, keyword, values });

/** The Store Instances Response Module (PS3.18 Annex I) as a list of attributes. */
function responseModule(outcome: StoreOutcome, wadoUrl: string | undefined, targetStudy: string | undefined): Attr[] {
  const attrs: Attr[] = [];
  const studies = new Set(outcome.stored.map((s) => s.studyInstanceUid));
  const study = targetStudy ?? (studies.size === 1 ? [...studies][0] : undefined);
  if (wadoUrl && study && outcome.stored.length > 0) attrs.push(attr('00081190', 'UR', 'RetrieveURL', [`${wadoUrl}/studies/${study}`]));
  const identified = outcome.failed.filter((f) => f.sopClassUid && f.sopInstanceUid);
  const other = outcome.failed.filter((f) => !(f.sopClassUid && f.sopInstanceUid));
  if (identified.length > 0) {
    attrs.push(
      attr(
        '00081198',
        'SQ',
        'FailedSOPSequence',
        identified.map((f) => [
          attr('00081150', 'UI', 'ReferencedSOPClassUID', [f.sopClassUid!]),
          attr('00081155', 'UI', 'ReferencedSOPInstanceUID', [f.sopInstanceUid!]),
          attr('00081197', 'US', 'FailureReason', [f.reason]),
        ]),
      ),
    );
  }
  if (outcome.stored.length > 0) {
    attrs.push(
      attr(
        '00081199',
        'SQ',
        'ReferencedSOPSequence',
        outcome.stored.map((s) => [
          attr('00081150', 'UI', 'ReferencedSOPClassUID', [s.sopClassUid]),
          attr('00081155', 'UI', 'ReferencedSOPInstanceUID', [s.sopInstanceUid]),
          ...(wadoUrl
            ? [attr('00081190', 'UR', 'RetrieveURL', [`${wadoUrl}/studies/${s.studyInstanceUid}/series/${s.seriesInstanceUid}/instances/${s.sopInstanceUid}`])]
            : []),
        ]),
      ),
    );
  }
  if (other.length > 0) {
    attrs.push(attr('0008119A', 'SQ', 'OtherFailuresSequence', other.map((f) => [attr('00081197', 'US', 'FailureReason', [f.reason])])));
  }
  return attrs;
}

export function renderStoreResponse(format: ResponseFormat, outcome: StoreOutcome, wadoUrl: string | undefined, targetStudy?: string): string {
  const attrs = responseModule(outcome, wadoUrl, targetStudy);
  return format === 'json' ? JSON.stringify(toJson(attrs)) : toXml(attrs);
}

/** PS3.18 Annex F DICOM JSON: keys are upper-case tags, sequences hold data sets. */
function toJson(attrs: Attr[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of attrs) {
    out[a.tag] = { vr: a.vr, Value: a.vr === 'SQ' ? (a.values as Attr[][]).map(toJson) : a.values };
  }
  return out;
}

/** PS3.19 Native DICOM Model. */
function toXml(attrs: Attr[]): string {
  const body = attrs.map((a) => xmlAttr(a, '  ')).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<NativeDicomModel xmlns="http://dicom.nema.org/PS3.19/models/NativeDICOM" xml:space="preserve">\n${body}</NativeDicomModel>\n`;
}

function xmlAttr(a: Attr, indent: string): string {
  const open = `${indent}<DicomAttribute tag="${a.tag}" vr="${a.vr}" keyword="${a.keyword}">`;
  if (a.vr === 'SQ') {
    const items = (a.values as Attr[][])
      .map((item, i) => `${indent}  <Item number="${i + 1}">\n${item.map((x) => xmlAttr(x, `${indent}    `)).join('')}${indent}  </Item>\n`)
      .join('');
    return `${open}\n${items}${indent}</DicomAttribute>\n`;
  }
  const values = a.values.map((v, i) => `<Value number="${i + 1}">${escapeXml(String(v))}</Value>`).join('');
  return `${open}${values}</DicomAttribute>\n`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
