import { encodeSequence, encodeText, type Syntax } from './elementCodec';
import type { DeidOptions } from './profileActions';
import type { Addition } from './rewriteDataSet';

/** PS3.16 CID 7050 codes for what was done (DCM coding scheme). */
const CODES = {
  basic: ['113100', 'Basic Application Confidentiality Profile'],
  clean: ['113105', 'Clean Descriptors Option'],
  dates: ['113106', 'Retain Longitudinal Temporal Information Full Dates Option'],
} as const;

export function methodCodes(options: DeidOptions): (readonly [string, string])[] {
  return [CODES.basic, ...(options.cleanDescriptors ? [CODES.clean] : []), ...(options.retainDates ? [CODES.dates] : [])];
}

/** One line for reports: which profile and options were applied. */
export function describeOptions(options: DeidOptions): string {
  return methodCodes(options)
    .map(([, meaning]) => meaning)
    .join(' + ');
}

/**
 * The attributes that record the de-identification (PS3.15 E.1.1): Patient Identity Removed = YES,
 * De-identification Method (text, one value per code) and its Code Sequence, and Longitudinal
 * Temporal Information Modified.
 */
export function deidAdditions(options: DeidOptions, syntax: Syntax): Addition[] {
  const codes = methodCodes(options);
  const items = codes.map(([value, meaning]) => [
    ...encodeText(0x00080100, 'SH', value, syntax),
    ...encodeText(0x00080102, 'SH', 'DCM', syntax),
    ...encodeText(0x00080104, 'LO', meaning, syntax),
  ]);
  const method = ['Imaging Lab: PS3.15 Annex E', ...codes.map(([, meaning]) => meaning)].map((m) => m.slice(0, 64)).join('\\');
  return [
    { tag: 0x00120062, chunks: encodeText(0x00120062, 'CS', 'YES', syntax) },
    { tag: 0x00120063, chunks: encodeText(0x00120063, 'LO', method, syntax) },
    { tag: 0x00120064, chunks: encodeSequence(0x00120064, items, syntax) },
    { tag: 0x00280303, chunks: encodeText(0x00280303, 'CS', options.retainDates ? 'UNMODIFIED' : 'REMOVED', syntax) },
  ];
}
