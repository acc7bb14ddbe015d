import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogEntry } from '../../../src/core/catalog/catalog';
import { OUTPUT } from '../../../src/core/catalog/kindIds';

const ROOT = join(__dirname, '..', '..', '..');

/** The shipped JSON is what users deploy, so the catalog is checked against it rather than the CDK source. */
function shipped(): { Outputs: Record<string, { Value: unknown }>; Metadata: Record<string, unknown>; Description: string } {
  return JSON.parse(readFileSync(join(ROOT, catalogEntry('mde').templateFile!), 'utf8'));
}

describe('MDE catalog entry vs shipped template', () => {
  it('declares every standard output the MDE kind promises', () => {
    const outputs = Object.keys(shipped().Outputs);
    for (const name of [
      OUTPUT.sshHost, OUTPUT.sshUser, OUTPUT.instanceId, OUTPUT.keyPairParameter, OUTPUT.securityGroupId,
      OUTPUT.allowMyIpPorts, OUTPUT.webUrl, OUTPUT.dicomHost, OUTPUT.dicomPort, OUTPUT.dicomAeTitle, OUTPUT.dicomWebUrl,
    ]) {
      assert.ok(outputs.includes(name), `missing output ${name}`);
    }
  });

  it('agrees on login user, DICOM port, AE title and the default Allow-my-IP ports', () => {
    const entry = catalogEntry('mde');
    const out = shipped().Outputs;
    assert.equal(out[OUTPUT.sshUser]!.Value, entry.loginUser);
    assert.equal(out[OUTPUT.dicomPort]!.Value, String(entry.dimse!.port));
    assert.equal(out[OUTPUT.dicomAeTitle]!.Value, entry.dimse!.aeTitle);
    const ports = out[OUTPUT.allowMyIpPorts]!.Value as { 'Fn::If': [string, string, string] };
    const withoutElk = ports['Fn::If'][2].split(',').map(Number).sort((a, b) => a - b);
    assert.deepEqual(withoutElk, [...entry.allowMyIpPorts].sort((a, b) => a - b));
  });

  it('points DicomWebUrl at MIG port and STOW-RS route, ending in /studies', () => {
    const value = JSON.stringify(shipped().Outputs[OUTPUT.dicomWebUrl]!.Value);
    assert.match(value, new RegExp(`:${catalogEntry('mde').dicomWeb!.remotePort}/dicomweb/studies"`));
  });

  it('is recognisable without stack tags (console upload): description and contract metadata', () => {
    const t = shipped();
    assert.match(t.Description, /MONAI Deploy Express/);
    assert.deepEqual(t.Metadata['ImagingLab::Contract'], { 'imaging-lab:kind': 'mde', 'imaging-lab:version': '1' });
  });
});
