import { strict as assert } from 'node:assert';
import { dummyText } from '../../../src/core/deid/dummyValues';
import { actionFor, BASIC_OPTIONS, PROFILE_ROWS, resolveBasic, type DeidOptions, type ProfileRow } from '../../../src/core/deid/profileActions';
import { isValidUid } from '../../../src/core/dicom/uid';
import { deidentify, writeTemp } from './deidFixtures';
import { hexTag, parseWithDcmjs, part10, SYNTAXES, type El, type ParsedElement } from './part10Builder';

const TEXT_SAMPLES: Record<string, string> = {
  AE: 'ORIGINAL_AE',
  AS: '042Y',
  CS: 'ORIGINAL',
  DA: '20230405',
  DS: '1.5',
  DT: '20230405101112',
  IS: '7',
  TM: '101112',
  UR: 'urn:original',
};

function rowTag(row: ProfileRow): number {
  // Repeating groups: one concrete instance (curve data in 5000, overlays in 6000).
  return parseInt(row.tag.replace('XXXXXX', '000010').replace(/XX/g, '00'), 16) >>> 0;
}

const inner = (n: number): El[] => [
  { tag: 0x00081150, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
  { tag: 0x00081155, vr: 'UI', value: `1.2.826.0.1.3680043.99.9${n}` },
  { tag: 0x0040a123, vr: 'PN', value: 'Inner^Person' },
];

function sampleElement(row: ProfileRow, n: number): El | undefined {
  const tag = rowTag(row);
  const group = tag >>> 16;
  if (group === 0x0000 || group === 0x0002) return undefined; // command and meta groups: not in a data set
  if (row.vr === 'SQ') return { tag, vr: 'SQ', value: [inner(n)] };
  if (row.vr === 'UI') return { tag, vr: 'UI', value: `1.2.826.0.1.3680043.99.${n}` };
  if (row.vr in TEXT_SAMPLES) return { tag, vr: row.vr, value: TEXT_SAMPLES[row.vr] as string };
  if (['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT'].includes(row.vr)) return { tag, vr: row.vr, value: row.vr === 'PN' ? 'Doe^Jane' : `Original ${n}` };
  return { tag, vr: row.vr === 'OB or OW' ? 'OB' : row.vr, value: Buffer.from([1, 2, 3, 4]) };
}

const PIXELS = Buffer.from(Array.from({ length: 64 }, (_, i) => i));

function everyRowDataSet(): { elements: El[]; rows: Map<number, ProfileRow> } {
  const rows = new Map<number, ProfileRow>();
  const elements: El[] = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: 0x00090010, vr: 'LO', value: 'ACME PRIVATE' },
    { tag: 0x00091001, vr: 'LO', value: 'private secret' },
    { tag: 0x00280010, vr: 'US', value: Buffer.from([4, 0]) },
    { tag: 0x7fe00010, vr: 'OW', value: PIXELS },
  ];
  PROFILE_ROWS.forEach((row, n) => {
    const element = sampleElement(row, n);
    if (!element) return;
    rows.set(element.tag, row);
    elements.push(element);
  });
  return { elements, rows };
}

const textOf = (e: ParsedElement | undefined): string =>
  (e?.Value ?? []).map((v) => (typeof v === 'object' && v !== null && 'Alphabetic' in v ? String((v as { Alphabetic: string }).Alphabetic) : String(v))).join('\\');

function checkRow(row: ProfileRow, tag: number, input: El, out: Record<string, ParsedElement>, options: DeidOptions, pseudonym: string): void {
  const key = hexTag(tag);
  const got = out[key];
  const where = `${row.keyword} ${row.tag} (${row.basic}${row.cleanDescriptors ? ', c' : ''}${row.retainDates ? ', k' : ''})`;
  if (tag === 0x00100010 || tag === 0x00100020) {
    assert.equal(textOf(got), pseudonym, `${where}: replaced by the patient's pseudonym`);
    return;
  }
  if (tag === 0xfffafffa || tag === 0xfffcfffc) {
    assert.equal(got, undefined, `${where}: removed`);
    return;
  }
  const action = actionFor(tag, row.vr === 'SQ', options);
  assert.ok(action, `${where}: the table gives an action`);
  switch (action.kind) {
    case 'remove':
      assert.equal(got, undefined, `${where}: removed`);
      break;
    case 'empty':
      assert.ok(got, `${where}: present`);
      assert.equal(textOf(got), "", `${where}: empty`);
      break;
    case 'dummy':
      assert.ok(got, `${where}: present`);
      if (typeof input.value === 'string') assert.equal(textOf(got), dummyText(row.vr), `${where}: dummy value`);
      else assert.ok(Buffer.from(new Uint8Array(got.Value?.[0] as ArrayBuffer)).every((b) => b === 0), `${where}: zeroed bytes`);
      if (typeof input.value === 'string') assert.notEqual(textOf(got), input.value, `${where}: original value gone`);
      break;
    case 'uid': {
      const value = textOf(got);
      assert.ok(isValidUid(value) && value.startsWith('2.25.'), `${where}: a new 2.25 UID, got '${value}'`);
      assert.notEqual(value, input.value, `${where}: original UID gone`);
      break;
    }
    case 'keep':
      assert.ok(got, `${where}: kept`);
      if (row.vr === 'SQ') {
        const item = (got.Value as Record<string, ParsedElement>[])[0] as Record<string, ParsedElement>;
        assert.equal(textOf(item['00081150']), '1.2.840.10008.5.1.4.1.1.2', `${where}: Referenced SOP Class kept inside`);
        assert.ok(textOf(item['00081155']).startsWith('2.25.'), `${where}: UIDs inside the kept sequence replaced`);
        assert.equal(textOf(item['0040A123']), 'ANONYMIZED', `${where}: names inside the kept sequence replaced`);
      } else {
        assert.equal(textOf(got), typeof input.value === 'string' ? input.value.replace(/^1\.5$/, '1.5') : textOf(got), `${where}: value kept`);
      }
      break;
    case 'clean':
      assert.ok(got, `${where}: kept (cleaned)`);
      break;
  }
}

describe('PS3.15 Annex E Basic Profile table (every attribute)', () => {
  it('has every row well formed and resolves every combination', () => {
    assert.ok(PROFILE_ROWS.length > 450, `${PROFILE_ROWS.length} rows`);
    for (const row of PROFILE_ROWS) {
      assert.match(row.tag, /^[0-9A-FX]{8}$/, row.keyword);
      assert.match(row.basic, /^(X|Z|D|U|X\/Z|X\/D|Z\/D|X\/Z\/D|X\/Z\/U\*)$/, row.keyword);
      assert.ok(resolveBasic(row.basic, row.vr === 'SQ'));
    }
    assert.deepEqual(
      [...new Set(PROFILE_ROWS.map((r) => r.basic))].sort(),
      ['D', 'U', 'X', 'X/D', 'X/Z', 'X/Z/D', 'X/Z/U*', 'Z', 'Z/D'],
      'every action class of the standard appears',
    );
    assert.equal(resolveBasic('X/Z', false), 'empty');
    assert.equal(resolveBasic('X/Z/D', false), 'dummy');
    assert.equal(resolveBasic('X/Z/D', true), 'empty');
    assert.equal(resolveBasic('X/Z/U*', true), 'keep');
    assert.throws(() => resolveBasic('K', false), /unknown/);
  });

  const variants: [string, DeidOptions][] = [
    ['basic profile', BASIC_OPTIONS],
    ['Clean Descriptors Option', { cleanDescriptors: true, retainDates: false }],
    ['Retain Longitudinal Temporal Information (full dates)', { cleanDescriptors: false, retainDates: true }],
  ];
  for (const [syntaxName, { uid }] of Object.entries(SYNTAXES)) {
    for (const [label, options] of variants) {
      it(`applies the ${label} to a data set holding every attribute of the table (${syntaxName})`, async () => {
        const { elements, rows } = everyRowDataSet();
        const path = writeTemp(part10(elements, uid));
        const { outputs, plan } = await deidentify([path], options);
        assert.deepEqual(plan.failed, []);
        const { dict } = parseWithDcmjs(outputs[0] as Buffer);
        const pseudonym = textOf(dict['00100020']);
        assert.match(pseudonym, /^IL-[0-9A-F]{10}$/);
        let checked = 0;
        for (const [tag, row] of rows) {
          checkRow(row, tag, elements.find((e) => e.tag === tag) as El, dict, options, pseudonym);
          checked++;
        }
        assert.ok(checked > 440, `${checked} attributes checked`);
        assert.equal(dict['00090010'], undefined, 'private creator removed');
        assert.equal(dict['00091001'], undefined, 'private attribute removed');
        assert.equal(textOf(dict['00120062']), 'YES');
        assert.equal(textOf(dict['00280303']), options.retainDates ? 'UNMODIFIED' : 'REMOVED');
        const codes = (dict['00120064']?.Value as Record<string, ParsedElement>[]).map((item) => textOf(item['00080100']));
        assert.deepEqual(codes, ['113100', ...(options.cleanDescriptors ? ['113105'] : []), ...(options.retainDates ? ['113106'] : [])]);
        const inFile = syntaxName === 'explicit big' ? Buffer.from(PIXELS).swap16() : PIXELS;
        assert.ok((outputs[0] as Buffer).includes(inFile), 'pixel data bytes copied unchanged');
        assert.ok(dict['7FE00010'], 'pixel data present');
      });
    }
  }
});
