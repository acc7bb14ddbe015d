import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { estimate, line, PRICE_USD_PER_HOUR } from '../../../src/core/kinds/costs';
import { deployableKinds, isKindId, KIND_IDS, KINDS, kindDisplay, kindRecord } from '../../../src/core/kinds/kinds';
import { MDE_AE_TITLE } from '../../../src/core/kinds/mde/mdeKind';

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every property name a record (or its nested display, ports, dicomWeb, recognise) declares. */
function declaredFields(): Set<string> {
  const fields = new Set<string>();
  const add = (value: unknown) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const k of Object.keys(value)) fields.add(k);
  };
  for (const k of KINDS) {
    add(k);
    add(k.display);
    add(k.dicomWeb);
    add(k.recognise);
    for (const p of k.ports) add(p);
  }
  // Optional fields no kind declares yet still count: the deploy use case must call the hook.
  fields.add('prepare');
  return fields;
}

describe('kind records', () => {
  it('are listed once each, ids unique, in the order the UI shows them', () => {
    assert.deepEqual(KIND_IDS, ['mde', 'orthanc', 'stowrs', 'lab', 'tator']);
    for (const id of KIND_IDS) {
      assert.equal(kindRecord(id).id, id);
      assert.ok(isKindId(id));
    }
    assert.ok(!isKindId('other') && !isKindId(undefined));
    assert.equal(kindDisplay('other').label, 'Other');
  });

  it('live one a folder: src/core/kinds/<kind>/<kind>Kind.ts', () => {
    for (const id of KIND_IDS) assert.ok(existsSync(join(ROOT, 'src/core/kinds', id, `${id}Kind.ts`)), id);
  });

  it('have every field read by product code outside the records themselves', () => {
    const records = new Set(KIND_IDS.map((id) => join(ROOT, 'src/core/kinds', id, `${id}Kind.ts`)));
    // Readers are the files that get a record: they import the list, a record or the record type.
    const readsRecords = /from '[./]*(?:core\/)?kinds\/(?:kinds|kindTypes|\w+\/\w+Kind)'|from '\.\/(?:kinds|kindTypes|\w+Kind)'/;
    const product = sourceFiles(join(ROOT, 'src'))
      .filter((f) => !records.has(f) && !f.endsWith('kindTypes.ts'))
      .map((f) => ({ f: relative(ROOT, f), text: readFileSync(f, 'utf8') }))
      .filter(({ text }) => readsRecords.test(text));
    const unread = [...declaredFields()].filter((field) => !product.some(({ text }) => new RegExp(`\\.${field}\\b|\\{[^}]*\\b${field}\\b[^}]*\\}\\s*=`).test(text)));
    assert.deepEqual(unread, [], `fields no product code reads: ${unread.join(', ')}`);
  });

  it('declare costs whose total is the sum of their lines, with the estimate note', () => {
    for (const kind of KINDS) {
      const sum = kind.cost.items.reduce((s, i) => s + i.usdPerHour, 0);
      assert.ok(Math.abs(sum - kind.cost.usdPerHour) < 0.001, `${kind.id}: ${sum} vs ${kind.cost.usdPerHour}`);
      assert.ok(kind.cost.items.length > 0, kind.id);
      assert.match(kind.cost.note, /estimate/i);
      assert.match(kind.cost.note, /us-east-1/);
    }
  });

  it('price lines by count from the table', () => {
    assert.deepEqual(line('two t3.medium', 'ec2:t3.medium', 2), { item: 'two t3.medium', usdPerHour: 0.0832 });
    const gp3 = line('200 GB', 'gp3GbHour', 200);
    assert.equal(gp3.usdPerHour, Math.round(PRICE_USD_PER_HOUR.gp3GbHour * 200 * 10_000) / 10_000);
    assert.equal(estimate([gp3, gp3]).usdPerHour, gp3.usdPerHour * 2);
  });

  it('point only at template files that exist', () => {
    for (const kind of deployableKinds()) assert.ok(existsSync(join(ROOT, kind.templateFile ?? '')), `${kind.id}: ${kind.templateFile}`);
  });

  it('give every kind sane ports, times and icons', () => {
    for (const kind of KINDS) {
      assert.ok(kind.typicalDeployMinutes >= 5 && kind.typicalDeployMinutes <= 60, kind.id);
      assert.match(kind.display.icon, /^[a-z-]+$/, kind.id);
      const ports = kind.ports.map((p) => p.port);
      for (const port of ports) assert.ok(Number.isInteger(port) && port > 0 && port < 65536);
      assert.equal(new Set(ports).size, ports.length, `${kind.id} duplicate ports`);
      assert.ok(kind.ports.some((p) => p.allowMyIp), `${kind.id}: "Allow my IP" opens nothing`);
      if (kind.ports.some((p) => p.port === 22)) assert.ok(kind.loginUser, `${kind.id} serves SSH, so it needs a login user`);
      if (kind.dicomWeb?.tls === false) assert.ok(kind.ports.some((p) => p.port === kind.dicomWeb?.port && p.tunnel && !p.allowMyIp), `${kind.id}: plain DICOMweb must be tunnelled, never opened`);
    }
  });

  it("agree with their kind's shipped template: Allow-my-IP ports and login user", () => {
    for (const kind of KINDS) {
      const file = join(ROOT, 'templates', `${kind.id}.template.json`);
      if (!existsSync(file)) continue;
      const outputs = (JSON.parse(readFileSync(file, 'utf8')) as { Outputs?: Record<string, { Value: unknown }> }).Outputs ?? {};
      const allowed = kind.ports.filter((p) => p.allowMyIp).map((p) => p.port);
      const texts = JSON.stringify(outputs.AllowMyIpPorts?.Value ?? '').match(/\d+(?:,\d+)*/g) ?? [];
      for (const port of texts.flatMap((t) => t.split(',')).map(Number)) assert.ok(allowed.includes(port), `${kind.id}: the template opens ${port}, which the record does not let "Allow my IP" open`);
      const user = outputs.SshUser?.Value;
      if (typeof user === 'string') assert.equal(kind.loginUser, user, `${kind.id}: login user`);
    }
  });

  it('describe MDE as the seed does', () => {
    const mde = kindRecord('mde');
    assert.equal(mde.loginUser, 'ubuntu');
    assert.equal(mde.ports.find((p) => p.port === 104)?.dimseAeTitle, MDE_AE_TITLE);
    assert.deepEqual(mde.dicomWeb, { port: 5000, tls: false });
    assert.deepEqual(mde.ports.filter((p) => p.allowMyIp).map((p) => p.port), [22, 104, 4242, 8042, 5601]);
    assert.deepEqual(mde.actions, ['registerSampleWorkflows']);
  });
});
