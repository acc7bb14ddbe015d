import assert from 'node:assert/strict';
import { normalisePrefix, objectKey, parseObjectKey } from '../../../../src/core/kinds/stowrs/objectKeys';

const KEY = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' };

describe('stowrs kind: object keys (shared by the service and the extension)', () => {
  it('round-trips PREFIX/study/series/sop.dcm for empty and nested prefixes', () => {
    for (const raw of ['', '/', 'lab', '//lab//one/']) {
      const prefix = normalisePrefix(raw);
      const key = objectKey(prefix, KEY);
      assert.ok(!key.startsWith('/'), key);
      assert.deepEqual(parseObjectKey(prefix, key), KEY, key);
    }
    assert.equal(objectKey('lab/one', KEY), 'lab/one/1.2.3/1.2.3.4/1.2.3.4.5.dcm');
  });

  it('refuses keys the service would never write (they are read from S3, so untrusted)', () => {
    for (const key of [
      'other/1.2.3/1.2.3.4/1.2.3.4.5.dcm',
      'lab/1.2.3/1.2.3.4.5.dcm',
      'lab/1.2.3/1.2.3.4/1.2.3.4.5.dcm.bak',
      'lab/1.2.3/1.2.3.4/x/1.2.3.4.5.dcm',
      'lab/1.02.3/1.2.3.4/1.2.3.4.5.dcm',
      'lab/../1.2.3.4/1.2.3.4.5.dcm',
      'lab/1.2.3/1.2.3.4/.dcm',
      'lab/1.2.3/1.2.3.4/<script>.dcm',
    ]) {
      assert.equal(parseObjectKey('lab', key), undefined, key);
    }
  });
});
