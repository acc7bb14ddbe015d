/** A parsed media type (RFC 9110 §8.3.1): lower-cased type/subtype, parameters with lower-cased names. */
export interface MediaType {
  readonly essence: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses `type/subtype *( OWS ";" OWS name=value )`, where a value is a token or a quoted string
 * (so `boundary="a;b"` keeps its semicolon). Undefined when the header is not a media type.
 */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  const semicolon = text.indexOf(';');
  const essence = (semicolon < 0 ? text : text.slice(0, semicolon)).trim().toLowerCase();
  const [type, subtype, ...rest] = essence.split('/');
  if (!type || !subtype || rest.length > 0 || !TOKEN.test(type) || !TOKEN.test(subtype)) return undefined;
  const params: Record<string, string> = {};
  let i = semicolon < 0 ? text.length : semicolon;
  while (i < text.length) {
    // at a ';'
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) {
      if (text.slice(i).trim() === '') break;
      return undefined;
    }
    const name = text.slice(i, eq).trim().toLowerCase();
    if (!TOKEN.test(name)) return undefined;
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (text[i] !== '"') return undefined;
      i++;
      while (i < text.length && text[i] !== ';') {
        if (text[i] !== ' ' && text[i] !== '\t') return undefined;
        i++;
      }
    } else {
      const end = text.indexOf(';', i);
      value = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
      i = end < 0 ? text.length : end;
    }
    if (!(name in params)) params[name] = value;
  }
  return { essence, params };
}

/** What the service can answer a Store with (PS3.18 §10.5.3 and §8.7.3.5). */
export type ResponseFormat = 'json' | 'xml';

const OFFERS: readonly { format: ResponseFormat; essence: string; type?: string }[] = [
  { format: 'json', essence: 'application/dicom+json' },
  { format: 'json', essence: 'application/json' },
  { format: 'xml', essence: 'application/dicom+xml' },
  // The 2013 STOW-RS text answered XML inside multipart/related; some old clients still ask so.
  { format: 'xml', essence: 'multipart/related', type: 'application/dicom+xml' },
];

/**
 * Picks the response format from an Accept header. A missing or empty header means DICOM JSON
 * (upstream crashed on it); undefined means nothing acceptable (the caller answers 406).
 */
export function negotiateResponse(accept: string | undefined): ResponseFormat | undefined {
  if (accept === undefined || accept.trim() === '') return 'json';
  let best: { format: ResponseFormat; q: number; specificity: number } | undefined;
  for (const range of splitList(accept)) {
    const media = parseMediaType(range);
    if (!media) continue;
    const q = quality(media.params.q);
    if (q <= 0) continue;
    for (const offer of OFFERS) {
      const specificity = matches(media, offer);
      if (specificity < 0) continue;
      if (!best || q > best.q || (q === best.q && specificity > best.specificity)) best = { format: offer.format, q, specificity };
    }
  }
  return best?.format;
}

function matches(range: MediaType, offer: (typeof OFFERS)[number]): number {
  if (range.essence === '*/*') return offer.type ? -1 : 0;
  const [type, subtype] = range.essence.split('/');
  const [offerType] = offer.essence.split('/');
  if (subtype === '*') return type === offerType && !offer.type ? 1 : -1;
  if (range.essence !== offer.essence) return -1;
  if (offer.type) return range.params.type?.toLowerCase() === offer.type ? 3 : -1;
  return 2;
}

function quality(value: string | undefined): number {
  if (value === undefined) return 1;
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
}

/** Splits a comma-separated header, leaving commas inside quoted strings alone. */
function splitList(header: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i]!;
    if (c === '"') quoted = !quoted;
    if (c === '\\' && quoted && i + 1 < header.length) {
      current += c + header[++i];
      continue;
    }
    if (c === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += c;
  }
  items.push(current);
  return items.map((s) => s.trim()).filter((s) => s !== '');
}
