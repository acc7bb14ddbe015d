import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG, catalogEntry, contractStackTags, deployableKinds } from '../../../src/core/catalog/catalog';
import { estimate, line, PRICE_USD_PER_HOUR } from '../../../src/core/catalog/costs';
import { KIND_IDS } from '../../../src/core/catalog/kindIds';
import { KIND_DISPLAY } from '../../../src/core/catalog/kindInfo';

const ROOT = join(__dirname, '..', '..', '..');

describe('kind catalog', () => {
  it('has one entry per kind id, keyed by its own id', () => {
    assert.deepEqual(Object.keys(CATALOG).sort(), [...KIND_IDS].sort());
    for (const id of KIND_IDS) {
      assert.equal(catalogEntry(id).id, id);
      assert.equal(catalogEntry(id).displayName, KIND_DISPLAY[id].label);
    }
  });

  it('declares costs whose total is the sum of their lines, with the estimate note', () => {
    for (const entry of Object.values(CATALOG)) {
      const sum = entry.cost.items.reduce((s, i) => s + i.usdPerHour, 0);
      assert.ok(Math.abs(sum - entry.cost.usdPerHour) < 0.001, `${entry.id}: ${sum} vs ${entry.cost.usdPerHour}`);
      assert.ok(entry.cost.items.length > 0, entry.id);
      assert.match(entry.cost.note, /estimate/i);
      assert.match(entry.cost.note, /us-east-1/);
    }
  });

  it('prices lines by count from the table', () => {
    assert.deepEqual(line('two t3.medium', 'ec2:t3.medium', 2), { item: 'two t3.medium', usdPerHour: 0.0832 });
    const gp3 = line('200 GB', 'gp3GbHour', 200);
    assert.equal(gp3.usdPerHour, Math.round(PRICE_USD_PER_HOUR.gp3GbHour * 200 * 10_000) / 10_000);
    assert.equal(estimate([gp3, gp3]).usdPerHour, gp3.usdPerHour * 2);
  });

  it('points only at template files that exist', () => {
    for (const entry of deployableKinds()) {
      assert.ok(existsSync(join(ROOT, entry.templateFile ?? '')), `${entry.id}: ${entry.templateFile}`);
    }
  });

  it('gives every kind sane ports, times and actions', () => {
    for (const entry of Object.values(CATALOG)) {
      assert.ok(entry.typicalDeployMinutes >= 5 && entry.typicalDeployMinutes <= 60, entry.id);
      for (const port of entry.allowMyIpPorts) assert.ok(Number.isInteger(port) && port > 0 && port < 65536);
      assert.equal(new Set(entry.allowMyIpPorts).size, entry.allowMyIpPorts.length, `${entry.id} duplicate ports`);
      if (entry.postDeployActions.includes('openSshTerminal')) assert.ok(entry.loginUser, `${entry.id} needs a login user`);
      if (entry.postDeployActions.includes('sendSampleDicom')) assert.ok(entry.dicomWeb, `${entry.id} needs DICOMweb`);
    }
  });

  it('describes MDE as the seed does', () => {
    const mde = catalogEntry('mde');
    assert.equal(mde.loginUser, 'ubuntu');
    assert.deepEqual(mde.dimse, { port: 104, aeTitle: 'MONAI-DEPLOY' });
    assert.deepEqual(mde.dicomWeb, { urlOutput: 'DicomWebUrl', remotePort: 5000, tls: false });
    assert.ok(mde.allowMyIpPorts.includes(22) && mde.allowMyIpPorts.includes(104));
    assert.ok(mde.postDeployActions.includes('registerSampleWorkflows'));
  });

  it('gives the stack tags of the contract for CreateStack', () => {
    assert.deepEqual(contractStackTags('mde'), [
      { Key: 'imaging-lab:kind', Value: 'mde' },
      { Key: 'imaging-lab:version', Value: '1' },
    ]);
  });
});
