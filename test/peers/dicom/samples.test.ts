import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { scanDicom } from '../../../src/core/dicom/scanDicom';
import { sendInstances } from '../../../src/core/dicom/sendInstances';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { requireTool } from '../../support/requireTool';

const SAMPLES = resolve(__dirname, '..', '..', '..', 'media', 'samples');

describe('media/samples (dcmtk + Orthanc)', function () {
  this.timeout(60_000);
  let dcmdump: string;
  let orthanc: OrthancPeer;
  before(async () => {
    dcmdump = requireTool('dcmdump', 'dcmtk');
    orthanc = await startOrthanc();
  });
  after(async () => orthanc?.stop());

  it('every sample is valid DICOM for dcmdump and for our scan, with the documented content', async () => {
    const scan = await scanDicom([SAMPLES]);
    assert.deepEqual(scan.skipped.map((s) => s.path), [join(SAMPLES, 'README.md')]);
    assert.equal(scan.instances.length, 9);
    for (const instance of scan.instances) {
      const dump = execFileSync(dcmdump, ['-q', '+P', '0008,0018', instance.path], { encoding: 'utf8' });
      assert.ok(dump.includes(instance.sopInstanceUid), instance.path);
    }
    const syntaxes = new Set(scan.instances.map((i) => i.transferSyntaxUid));
    assert.ok(syntaxes.has('1.2.840.10008.1.2.5'), 'RLE Lossless sample');
    assert.ok(syntaxes.has('1.2.840.10008.1.2.1.99'), 'deflated sample');
    assert.equal(new Set(scan.instances.map((i) => i.studyInstanceUid)).size, 1, 'one study');
    assert.ok(scan.totalBytes < 2 * 1024 * 1024);
    assert.ok(scan.instances.every((i) => i.sopInstanceUid.startsWith('2.25.')));
  });

  it('stores exactly the sample instances in Orthanc, with RetrieveURLs', async () => {
    const scan = await scanDicom([SAMPLES]);
    const report = await sendInstances(scan.instances, scan.skipped, { endpoint: { url: `${orthanc.dicomWeb}/studies` } });
    assert.deepEqual(report.instances.map((i) => i.fate), scan.instances.map(() => 'stored'));
    assert.ok(report.instances.every((i) => i.retrieveUrl?.endsWith(`/instances/${i.file.sopInstanceUid}`)));
    assert.deepEqual([...(await orthanc.storedSopInstanceUids())].sort(), scan.instances.map((i) => i.sopInstanceUid).sort());
    const studyUid = scan.instances[0]?.studyInstanceUid ?? '';
    const lookup = await orthanc.rest<{ ID: string; Type: string }[]>('/tools/lookup', { body: studyUid });
    assert.equal(lookup[0]?.Type, 'Study');
    const study = await orthanc.rest<{ Series: string[] }>(`/studies/${lookup[0]?.ID}`);
    assert.equal(study.Series.length, 5);
  });
});
