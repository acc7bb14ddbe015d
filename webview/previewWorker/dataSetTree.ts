import { data } from 'dcmjs';
import { burnedInState, identityReason, identitySummary } from '../../src/core/preview/identityFlags';
import type { TreeNode } from '../../src/vscode/preview/protocol';

/** The part of dcmjs this worker uses (its package ships no types). */
interface DcmjsElement {
  readonly vr: string;
  readonly Value?: unknown[];
}
type DcmjsDict = Record<string, DcmjsElement>;
interface DcmjsData {
  DicomMessage: { readFile(buffer: ArrayBuffer, options?: object): { dict: DcmjsDict; meta: DcmjsDict } };
  DicomMetaDictionary: { dictionary: Record<string, { name: string; vr: string }> };
}
const dcmjs = data as unknown as DcmjsData;

const MAX_VALUE_CHARS = 160;

export interface ParsedFile {
  readonly dict: DcmjsDict;
  readonly meta: DcmjsDict;
}

export function parseFile(bytes: ArrayBuffer): ParsedFile {
  const message = dcmjs.DicomMessage.readFile(bytes, { ignoreErrors: true, untilTag: undefined });
  return { dict: message.dict, meta: message.meta };
}

/** A value as short plain text (the page escapes it): strings, names, numbers, byte counts. */
export function valueText(element: DcmjsElement | undefined): string {
  if (!element?.Value) return '';
  if (element.vr === 'SQ') return `${element.Value.length} item${element.Value.length === 1 ? '' : 's'}`;
  const parts = element.Value.map((v) => {
    if (v instanceof ArrayBuffer) return `${v.byteLength} bytes`;
    if (ArrayBuffer.isView(v)) return `${v.byteLength} bytes`;
    if (typeof v === 'object' && v !== null && 'Alphabetic' in v) return String((v as { Alphabetic: unknown }).Alphabetic ?? '');
    return String(v);
  });
  const text = parts.join('\\');
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function tagLabel(key: string): string {
  return `(${key.slice(0, 4)},${key.slice(4)})`;
}

function nameOf(key: string, dict: DcmjsDict): string {
  const group = parseInt(key.slice(0, 4), 16);
  if (group % 2 === 1) {
    const element = parseInt(key.slice(4), 16);
    if (element >= 0x10 && element <= 0xff) return 'Private Creator';
    const block = (element >> 8).toString(16).toUpperCase().padStart(2, '0');
    const creator = valueText(dict[`${key.slice(0, 4)}00${block}`]);
    return `Private${creator ? ` (${creator})` : ' (no creator)'}`;
  }
  return dcmjs.DicomMetaDictionary.dictionary[tagLabel(key)]?.name ?? 'Unknown';
}

export interface TreeResult {
  readonly tree: TreeNode[];
  readonly flagged: number;
}

/** The data set as tree nodes in tag order, with identity flags; counts flagged attributes. */
export function buildTree(dict: DcmjsDict): TreeResult {
  let flagged = 0;
  const walk = (d: DcmjsDict): TreeNode[] =>
    Object.keys(d)
      .sort()
      .map((key) => {
        const element = d[key] as DcmjsElement;
        const tag = parseInt(key, 16) >>> 0;
        const value = key === '7FE00010' ? `pixel data, ${valueText(element)}` : valueText(element);
        const identity = identityReason(tag, element.vr, value !== '', value);
        if (identity) flagged++;
        const items = element.vr === 'SQ' ? (element.Value ?? []).map((item) => walk(item as DcmjsDict)) : undefined;
        return { tag: tagLabel(key), vr: element.vr, name: nameOf(key, d), value, ...(identity ? { identity } : {}), ...(items ? { items } : {}) };
      });
  const tree = walk(dict);
  return { tree, flagged };
}

export function summaryFor(dict: DcmjsDict, flagged: number): string {
  return identitySummary(flagged, burnedInState(valueText(dict['00280301'])));
}
