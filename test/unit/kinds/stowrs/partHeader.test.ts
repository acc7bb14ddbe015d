import assert from 'node:assert/strict';
import { readPartHeader } from '../../../../templates/stowrs/service/partHeader';
import { deflatedDicom, syntheticDicom, syntheticUid } from '../../dicom/syntheticDicom';

const spec = { studyUid: syntheticUid('ph/study'), seriesUid: syntheticUid('ph/series'), sopInstanceUid: syntheticUid('ph/sop') };

describe('stowrs service: reading a part header', () => {
  it('finds the four UIDs in explicit and implicit little endian, big endian and deflated parts', () => {
    const variants: [string, Buffer][] = [
      ['explicit LE', syntheticDicom(spec)],
      ['implicit LE', syntheticDicom({ ...spec, transferSyntaxUid: '1.2.840.10008.1.2' })],
      ['explicit BE', syntheticDicom({ ...spec, transferSyntaxUid: '1.2.840.10008.1.2.2' })],
      ['deflated', deflatedDicom(spec)],
    ];
    for (const [name, file] of variants) {
      const result = readPartHeader(file, true);
      assert.equal(result.kind, 'ok', `${name}: ${JSON.stringify(result)}`);
      if (result.kind !== 'ok') continue;
      assert.deepEqual(
        [result.identity.studyInstanceUid, result.identity.seriesInstanceUid, result.identity.sopInstanceUid, result.identity.sopClassUid],
        [spec.studyUid, spec.seriesUid, spec.sopInstanceUid, '1.2.840.10008.5.1.4.1.1.2'],
        name,
      );
    }
  });

  it('asks for more bytes while a prefix stops short of Series Instance UID, and never needs the pixel data', () => {
    const file = syntheticDicom({ ...spec, rows: 512, columns: 512 });
    let firstOk = -1;
    for (let n = 0; n <= 4096; n += 16) {
      const result = readPartHeader(file.subarray(0, n), false);
      if (result.kind === 'ok') {
        firstOk = n;
        break;
      }
      assert.equal(result.kind, 'needMore', `at ${n}: ${JSON.stringify(result)}`);
    }
    assert.ok(firstOk > 132 && firstOk < 4096, `identified after ${firstOk} of ${file.length} bytes`);
  });

  it('refuses what is not a PS3.10 file or lacks an identifier, with a reason', () => {
    const cases: [string, Buffer, RegExp][] = [
      ['empty', Buffer.alloc(0), /too short/],
      ['no DICM', Buffer.alloc(200), /no 'DICM' marker/],
      ['no study UID', syntheticDicom({ ...spec, studyUid: '' }), /Study Instance UID \(0020,000D\) is missing/],
      ['bad UID', syntheticDicom({ ...spec, sopInstanceUid: '1.02.3' }), /SOP Instance UID .* is not a valid UID/],
      ['truncated meta', syntheticDicom(spec).subarray(0, 150), /unreadable DICOM header|missing/],
    ];
    for (const [name, bytes, reason] of cases) {
      const result = readPartHeader(bytes, true);
      assert.equal(result.kind, 'invalid', name);
      if (result.kind === 'invalid') assert.match(result.reason, reason, name);
    }
    assert.equal(readPartHeader(Buffer.alloc(200), false).kind, 'invalid', 'a missing marker is final, more bytes will not help');
  });
});
