import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kindRecord } from '../../../src/core/kinds/kinds';
import { OUTPUT } from '../../../src/core/kinds/stackContract';

const ROOT = join(__dirname, '..', '..', '..');

/** The shipped JSON is what users deploy, so the catalog is checked against it rather than the CDK source. */
function shipped(): { Outputs: Record<string, { Value: unknown }>; Metadata: Record<string, unknown>; Description: string } {
  return JSON.parse(readFileSync(join(ROOT, kindRecord('mde').templateFile!), 'utf8'));
}

describe('MDE kind record vs shipped template', () => {
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
    const entry = kindRecord('mde');
    const out = shipped().Outputs;
    assert.equal(out[OUTPUT.sshUser]!.Value, entry.loginUser);
    const dimse = entry.ports.find((p) => p.dimseAeTitle);
    assert.equal(out[OUTPUT.dicomPort]!.Value, String(dimse?.port));
    assert.equal(out[OUTPUT.dicomAeTitle]!.Value, dimse?.dimseAeTitle);
    const ports = out[OUTPUT.allowMyIpPorts]!.Value as { 'Fn::If': [string, string, string] };
    const sorted = (text: string) => text.split(',').map(Number).sort((a, b) => a - b);
    const allowed = entry.ports.filter((p) => p.allowMyIp).map((p) => p.port).sort((a, b) => a - b);
    assert.deepEqual(sorted(ports['Fn::If'][1]), allowed, 'with ELK: every port the kind lets "Allow my IP" open');
    assert.ok(sorted(ports['Fn::If'][2]).every((p) => allowed.includes(p)), 'without ELK: a subset');
  });

  it('points DicomWebUrl at MIG port and STOW-RS route, ending in /studies', () => {
    const value = JSON.stringify(shipped().Outputs[OUTPUT.dicomWebUrl]!.Value);
    assert.match(value, new RegExp(`:${kindRecord('mde').dicomWeb!.port}/dicomweb/studies"`));
  });

  it('is recognisable without stack tags (console upload): description and contract metadata', () => {
    const t = shipped();
    assert.match(t.Description, /MONAI Deploy Express/);
    assert.deepEqual(t.Metadata['ImagingLab::Contract'], { 'imaging-lab:kind': 'mde', 'imaging-lab:version': '1' });
  });
});
