import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { actionFor } from '../../../src/core/deid/profileActions';
import { sendDeidentified, type DeidSendResult } from '../../../src/core/deid/sendDeidentified';
import { listFiles } from '../../../src/core/dicom/listFiles';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { requireTool } from '../../support/requireTool';
import { parseWithDcmjs, type ParsedElement } from '../../unit/deid/part10Builder';
import { makeDcmtkInstances } from './dcmtkInstances';

const SAMPLES = resolve(__dirname, '..', '..', '..', 'media', 'samples');
const RESULTS = resolve(__dirname, '..', '..', '..', 'test-results', 'deid');
/** Attributes both de-identifiers write themselves (their values differ by design). */
const WRITTEN_BY_BOTH = new Set(['00120062', '00120063', '00120064', '00280303']);

type Dict = Record<string, ParsedElement>;
const json = (e: ParsedElement | undefined) => JSON.stringify(e?.Value ?? null);
const changed = (original: ParsedElement, after: ParsedElement | undefined) => after === undefined || json(original) !== json(after);

/** Text values of an element and everything nested in it (for the "no original value left" check). */
function texts(e: ParsedElement | undefined): string[] {
  const out: string[] = [];
  for (const v of e?.Value ?? []) {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object' && 'Alphabetic' in v) out.push(String((v as { Alphabetic: string }).Alphabetic));
    else if (v && typeof v === 'object' && !(v instanceof ArrayBuffer)) for (const inner of Object.values(v as Dict)) out.push(...texts(inner));
  }
  return out;
}

/** The values a de-identifier must not leave: those of attributes the profile does not keep, private ones, UIDs it replaces. */
function identifyingValues(dict: Dict): string[] {
  const values: string[] = [];
  for (const [key, element] of Object.entries(dict)) {
    const tag = parseInt(key, 16) >>> 0;
    const action = actionFor(tag, element.vr === 'SQ', { cleanDescriptors: false, retainDates: false });
    const identity = tag === 0x00100010 || tag === 0x00100020 || (action !== undefined && action.kind !== 'keep');
    if (identity || (action?.kind === 'keep' && element.vr === 'SQ')) values.push(...texts(element).filter((t) => t.length >= 4 && !t.startsWith('1.2.840.10008.')));
  }
  return values;
}

function pixelBytes(dict: Dict): Buffer {
  const values = (dict['7FE00010']?.Value ?? []) as ArrayBuffer[];
  return Buffer.concat(values.map((v) => Buffer.from(new Uint8Array(v))));
}

describe('de-identification against Orthanc /instances/{id}/anonymize (PS3.15), dcmdump and STOW-RS', function () {
  this.timeout(120_000);
  let orthanc: OrthancPeer;
  let dir: string;
  let inputs: { path: string; label: string }[];
  let result: DeidSendResult;
  let outputs: Map<string, Buffer>;

  before(async () => {
    requireTool('dcmdump', 'dcmtk');
    orthanc = await startOrthanc();
    dir = mkdtempSync(join(tmpdir(), 'deid-peer-'));
    const samples = (await listFiles([SAMPLES])).files.filter((f) => f.path.endsWith('.dcm')).map((f) => ({ path: f.path, label: `sample ${f.path.slice(SAMPLES.length + 1)}` }));
    const made = join(dir, 'made');
    mkdirSync(made);
    inputs = [...samples, ...makeDcmtkInstances(made).filter((m) => m.path.includes('dcmtk-'))];
    result = await sendDeidentified(
      inputs.map((i) => i.path),
      { deid: { cleanDescriptors: false, retainDates: false }, mapPath: join(dir, 'map.json'), includeBurnedIn: true, dryRunDir: join(dir, 'out') },
    );
    outputs = new Map((result.written ?? []).map((w) => [w.source, readFileSync(w.target)]));
  });
  after(async () => {
    await orthanc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('rewrites every sample and dcmtk-made instance (nothing held back or failed when included)', () => {
    assert.equal(result.skipped.length, 0, JSON.stringify(result.skipped));
    assert.equal(outputs.size, inputs.length);
    assert.ok(inputs.length >= 16, `${inputs.length} instances`);
  });

  it('removes or replaces every attribute that Orthanc removes or replaces', async () => {
    const lines: string[] = [];
    const missed: string[] = [];
    for (const input of inputs) {
      const original = readFileSync(input.path);
      const id = (await orthanc.rest<{ ID: string }>('/instances', { body: original, contentType: 'application/dicom' })).ID;
      const response = await fetch(`${orthanc.url}/instances/${id}/anonymize`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(response.status, 200, `Orthanc anonymize ${input.label}`);
      const theirs = parseWithDcmjs(Buffer.from(await response.arrayBuffer())).dict;
      const ours = parseWithDcmjs(outputs.get(input.path) as Buffer).dict;
      const before = parseWithDcmjs(original).dict;
      for (const [key, element] of Object.entries(before)) {
        if (key === '7FE00010' || WRITTEN_BY_BOTH.has(key)) continue;
        const orthancChanged = changed(element, theirs[key]);
        const oursChanged = changed(element, ours[key]);
        const how = (after: ParsedElement | undefined) => (after === undefined ? 'removed' : 'replaced');
        if (orthancChanged && !oursChanged) missed.push(`${input.label}: (${key}) ${how(theirs[key])} by Orthanc, kept by us`);
        if (oursChanged && !orthancChanged) lines.push(`(${key.slice(0, 4)},${key.slice(4)}) ${how(ours[key])} by us, kept by Orthanc`);
      }
      await orthanc.rest(`/instances/${id}`, { method: 'DELETE' });
    }
    mkdirSync(RESULTS, { recursive: true });
    const unique = [...new Set(lines)].sort();
    writeFileSync(join(RESULTS, 'orthanc-comparison.txt'), `${unique.join('\n')}\n`);
    assert.deepEqual(missed, [], 'every attribute Orthanc removes or replaces is removed or replaced by ours too');
  });

  it('dcmdump of every output shows no original identifying value', () => {
    const dcmdump = requireTool('dcmdump', 'dcmtk');
    for (const input of inputs) {
      const out = join(dir, 'check.dcm');
      writeFileSync(out, outputs.get(input.path) as Buffer);
      const dump = execFileSync(dcmdump, ['-q', '+L', '+U8', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const values = identifyingValues(parseWithDcmjs(readFileSync(input.path)).dict);
      assert.ok(values.length >= 3, `${input.label}: identifying values found in the input (${values.length})`);
      for (const value of values) assert.ok(!dump.includes(value), `${input.label}: '${value}' still in dcmdump output`);
      assert.match(dump, /\(0012,0062\) CS \[YES\]/, `${input.label}: Patient Identity Removed`);
      assert.ok(!/\(0009,/.test(dump), `${input.label}: private attributes gone`);
    }
  });

  it('keeps the pixel data identical to the input', () => {
    for (const input of inputs) {
      const before = pixelBytes(parseWithDcmjs(readFileSync(input.path)).dict);
      const after = pixelBytes(parseWithDcmjs(outputs.get(input.path) as Buffer).dict);
      assert.ok(before.length > 0, input.label);
      assert.ok(before.equals(after), `${input.label}: pixel data identical`);
      if (!input.label.includes('deflated') && !input.path.includes('deflated')) {
        // Not deflated: the pixel bytes appear in the output file exactly as in the input file.
        assert.ok((outputs.get(input.path) as Buffer).includes(before.subarray(0, Math.min(before.length, 4096))), `${input.label}: raw bytes copied`);
      }
    }
  });

  it('is stored by Orthanc through STOW-RS, pixel data and new UIDs as written', async () => {
    await orthanc.clear();
    const sent = await sendDeidentified(
      inputs.map((i) => i.path),
      { deid: { cleanDescriptors: false, retainDates: false }, mapPath: join(dir, 'map.json'), includeBurnedIn: true, endpoint: { url: orthanc.dicomWeb } },
    );
    assert.deepEqual(sent.report?.instances.map((i) => i.fate), inputs.map(() => 'stored'));
    const stored = await orthanc.storedSopInstanceUids();
    assert.deepEqual([...stored].sort(), result.instances.map((i) => i.sopInstanceUid).sort(), 'same map: the same new UIDs as the dry run');
    for (const instance of sent.instances) {
      const lookup = await orthanc.rest<{ ID: string }[]>('/tools/lookup', { body: instance.sopInstanceUid });
      const file = Buffer.from(await (await fetch(`${orthanc.url}/instances/${lookup[0]?.ID}/file`)).arrayBuffer());
      const original = pixelBytes(parseWithDcmjs(readFileSync(instance.path)).dict);
      assert.ok(pixelBytes(parseWithDcmjs(file).dict).equals(original), `${instance.path}: Orthanc holds identical pixel data`);
      assert.equal(String(parseWithDcmjs(file).dict['00120062']?.Value?.[0]), 'YES');
    }
  });
});
