import { strict as assert } from 'node:assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { encodeHeader, EXPLICIT_LITTLE } from '../../../src/core/deid/elementCodec';
import { BASIC_OPTIONS } from '../../../src/core/deid/profileActions';
import { ProjectMap } from '../../../src/core/deid/projectMap';
import { sendDeidentified } from '../../../src/core/deid/sendDeidentified';
import { cleanText } from '../../../src/core/deid/rewriteDataSet';
import { burnedInReason } from '../../../src/core/deid/burnedIn';
import { formatDeidReport } from '../../../src/core/deid/deidReport';
import { runCliForTest } from '../../support/runCliForTest';
import { deidentify, tempDir, writeTemp } from './deidFixtures';
import { parseWithDcmjs, part10, type El } from './part10Builder';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const SC = '1.2.840.10008.5.1.4.1.1.7';
const base = (n: number, extra: El[] = [], sopClass = CT): El[] => [
  { tag: 0x00080016, vr: 'UI', value: sopClass },
  { tag: 0x00080018, vr: 'UI', value: `1.2.826.0.1.3680043.77.1.${n}` },
  { tag: 0x00081030, vr: 'LO', value: 'Chest of DOE for 20230405 follow-up' },
  { tag: 0x00100010, vr: 'PN', value: 'Doe^Jane' },
  { tag: 0x00100020, vr: 'LO', value: 'MRN-0042' },
  { tag: 0x0020000d, vr: 'UI', value: '1.2.826.0.1.3680043.77.2' },
  { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.77.3' },
  ...extra,
];
const text = (e: { Value?: unknown[] } | undefined) => String((e?.Value?.[0] as { Alphabetic?: string })?.Alphabetic ?? e?.Value?.[0] ?? '');

/** Encapsulated pixel data: empty offset table, two fragments, sequence delimiter. */
function encapsulated(fragments: Buffer[]): Buffer {
  const parts = [encodeHeader(0x7fe00010, 'OB', 0xffffffff, EXPLICIT_LITTLE), encodeHeader(0xfffee000, '', 0, EXPLICIT_LITTLE)];
  for (const f of fragments) parts.push(encodeHeader(0xfffee000, '', f.length, EXPLICIT_LITTLE), f);
  parts.push(encodeHeader(0xfffee0dd, '', 0, EXPLICIT_LITTLE));
  return Buffer.concat(parts);
}

describe('de-identifying rewriter', () => {
  it('copies encapsulated pixel data (fragments and all) byte for byte and removes trailing padding', async () => {
    const fragments = [Buffer.from('FRAGMENT-ONE-BYTES'), Buffer.alloc(4096, 7)];
    const pixel = encapsulated(fragments);
    const padding = Buffer.concat([encodeHeader(0xfffcfffc, 'OB', 8, EXPLICIT_LITTLE), Buffer.alloc(8)]);
    const input = part10(base(1), '1.2.840.10008.1.2.5', { trailing: Buffer.concat([pixel, padding]) });
    const { outputs } = await deidentify([writeTemp(input)]);
    const out = outputs[0] as Buffer;
    assert.ok(out.subarray(out.length - pixel.length).equals(pixel), 'the output ends with the identical pixel data element (padding removed)');
    const { meta, dict } = parseWithDcmjs(out);
    assert.equal(text(meta['00020010']), '1.2.840.10008.1.2.5', 'transfer syntax kept');
    assert.equal(text(meta['00020003']), text(dict['00080018']), 'meta and data set agree on the new SOP Instance UID');
    assert.equal(meta['00020016'], undefined, 'source AE title not copied into the new meta');
    assert.ok(!out.toString('latin1').includes('Doe'), 'no name left anywhere');
  });

  it('inflates a deflated data set and writes explicit VR little endian with identical pixel bytes', async () => {
    const pixels = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 251));
    const input = part10([...base(2), { tag: 0x7fe00010, vr: 'OW', value: pixels }], '1.2.840.10008.1.2.1.99', { deflate: true });
    const { outputs } = await deidentify([writeTemp(input)]);
    const out = outputs[0] as Buffer;
    const { meta, dict } = parseWithDcmjs(out);
    assert.equal(text(meta['00020010']), '1.2.840.10008.1.2.1');
    assert.ok(out.subarray(out.length - pixels.length).equals(pixels));
    assert.match(text(dict['00100010']), /^IL-/);
  });

  it('keeps UIDs and pseudonyms consistent across runs through the saved map (0600)', async () => {
    const dir = tempDir();
    const mapPath = join(dir, 'private', 'uid-map.json');
    const first = writeTemp(part10(base(3), '1.2.840.10008.1.2.1'));
    const second = writeTemp(part10(base(4), '1.2.840.10008.1.2.1'));
    const map1 = await ProjectMap.load(mapPath);
    const a = parseWithDcmjs((await deidentify([first], BASIC_OPTIONS, map1)).outputs[0] as Buffer).dict;
    await map1.save(mapPath);
    assert.equal(statSync(mapPath).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'private')).mode & 0o777, 0o700);
    const b = parseWithDcmjs((await deidentify([second], BASIC_OPTIONS, await ProjectMap.load(mapPath))).outputs[0] as Buffer).dict;
    assert.equal(text(a['0020000D']), text(b['0020000D']), 'same study');
    assert.equal(text(a['0020000E']), text(b['0020000E']), 'same series');
    assert.notEqual(text(a['00080018']), text(b['00080018']), 'different instances');
    assert.equal(text(a['00100020']), text(b['00100020']), 'same patient pseudonym');
    assert.ok(!readFileSync(mapPath, 'utf8').includes('Doe'), 'the map keys patients by ID, not by name, when there is an ID');
  });

  it('refuses a tampered map instead of using it', () => {
    assert.throws(() => ProjectMap.fromJson('{"version":1,"uids":{"1.2":"not a uid"},"patients":{}}'), /not a valid UID/);
    assert.throws(() => ProjectMap.fromJson('{"version":1,"uids":{},"patients":{"x":"Jane Doe"}}'), /pseudonym is malformed/);
    assert.throws(() => ProjectMap.fromJson('nope'), /not valid JSON/);
  });

  it('cleans descriptors under the Clean Descriptors Option, removes them otherwise', async () => {
    const path = writeTemp(part10(base(5), '1.2.840.10008.1.2.1'));
    const cleaned = parseWithDcmjs((await deidentify([path], { cleanDescriptors: true, retainDates: false })).outputs[0] as Buffer).dict;
    assert.equal(text(cleaned['00081030']), 'Chest of *** for *** follow-up');
    const removed = parseWithDcmjs((await deidentify([path])).outputs[0] as Buffer).dict;
    assert.equal(removed['00081030'], undefined);
    assert.equal(cleanText('MRN-0042 seen', ['MRN-0042']), '*** seen');
  });

  it('holds back burned-in candidates with the reason unless included', async () => {
    assert.match(burnedInReason('YES', CT) ?? '', /is YES/);
    assert.equal(burnedInReason('NO', SC), undefined);
    assert.match(burnedInReason(undefined, SC) ?? '', /Secondary Capture.*without Burned In Annotation/);
    assert.match(burnedInReason(undefined, '1.2.840.10008.5.1.4.1.1.6.1') ?? '', /Ultrasound/);
    assert.equal(burnedInReason(undefined, CT), undefined);
    const sc = writeTemp(part10(base(6, [], SC), '1.2.840.10008.1.2.1'));
    const yes = writeTemp(part10(base(7, [{ tag: 0x00280301, vr: 'CS', value: 'YES' }]), '1.2.840.10008.1.2.1'));
    const held = await deidentify([sc, yes], BASIC_OPTIONS, ProjectMap.empty(), false);
    assert.equal(held.plan.instances.length, 0);
    assert.deepEqual(held.plan.heldBack.map((h) => h.path), [sc, yes]);
    const included = await deidentify([sc, yes], BASIC_OPTIONS, ProjectMap.empty(), true);
    assert.equal(included.plan.instances.length, 2);
  });

  it('reports files it cannot rewrite instead of sending them', async () => {
    const good = part10(base(8), '1.2.840.10008.1.2.1');
    const truncated = writeTemp(good.subarray(0, good.length - 5));
    const { plan } = await deidentify([truncated]);
    assert.equal(plan.instances.length, 0);
    assert.match(plan.failed[0]?.reason ?? '', /cannot de-identify: truncated/);
  });
});

describe('de-identified send through the STOW-RS client', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('streams the rewritten parts (not the source files) and reports per instance with the options', async () => {
    const dir = tempDir();
    const pixels = Buffer.alloc(2048, 9);
    for (let n = 10; n < 13; n++) writeFileSync(join(dir, `${n}.dcm`), part10([...base(n), { tag: 0x7fe00010, vr: 'OW', value: pixels }], '1.2.840.10008.1.2.1'));
    writeFileSync(join(dir, 'sc.dcm'), part10(base(20, [], SC), '1.2.840.10008.1.2.1'));
    const bodies: Buffer[] = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        bodies.push(body);
        const uids = [...body.toString('latin1').matchAll(/\(?(2\.25\.\d+)/g)].map((m) => m[1] as string);
        const sops = [...new Set(uids)];
        res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify({ '00081199': { vr: 'SQ', Value: sops.map((u) => ({ '00081155': { vr: 'UI', Value: [u] } })) } }));
      });
    });
    await new Promise<void>((r) => (server as Server).listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const result = await sendDeidentified([dir], { deid: { cleanDescriptors: false, retainDates: true }, mapPath: join(dir, 'map', 'm.json'), endpoint: { url: `http://127.0.0.1:${port}/dicom-web` } });
    assert.equal(result.report?.instances.filter((i) => i.fate === 'stored').length, 3);
    assert.equal(result.heldBack.length, 1);
    const body = Buffer.concat(bodies).toString('latin1');
    assert.ok(!body.includes('Doe') && !body.includes('MRN-0042') && !body.includes('1.2.826.0.1.3680043.77'), 'nothing identifying on the wire');
    assert.ok(Buffer.concat(bodies).includes(pixels), 'pixel bytes on the wire as in the file');
    const report = formatDeidReport(result);
    assert.match(report, /De-identified with: Basic Application Confidentiality Profile \+ Retain Longitudinal Temporal Information Full Dates Option/);
    assert.match(report, /HELD BACK \(1\)/);
    assert.equal((report.match(/: stored, de-identified \(/g) ?? []).length, 3);
    assert.equal(statSync(join(dir, 'map', 'm.json')).mode & 0o777, 0o600);
  });

  it('CLI: --dry-run writes copies without a URL; de-identification options need --deidentify', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.dcm'), part10(base(30), '1.2.840.10008.1.2.1'));
    const out = join(dir, 'out');
    const run = await runCliForTest(['send', join(dir, 'a.dcm'), '--deidentify', '--dry-run', out, '--uid-map', join(dir, 'map.json')]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /DRY RUN: 1 de-identified copy written, nothing sent/);
    const usage = await runCliForTest(['send', dir, '--url', 'http://127.0.0.1:9/dicom-web', '--retain-dates']);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--retain-dates needs --deidentify/);
    const study = await runCliForTest(['send', dir, '--deidentify', '--dry-run', out, '--study', '1.2.3']);
    assert.equal(study.code, 2);
  });
});
