import assert from 'node:assert/strict';
import { objectKey as keyOf } from '../../../../src/core/kinds/stowrs/objectKeys';
import { ConfigError, normalisePrefix, normaliseWadoUrl, readConfig } from '../../../../templates/stowrs/service/config';

const objectKey = (prefix: string, study: string, series: string, sop: string) => keyOf(prefix, { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop });

describe('stowrs service: settings', () => {
  it('normalises PREFIX so keys never start with "/" (upstream made "/study/..." keys from an empty PREFIX)', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['/', ''],
      ['  ', ''],
      ['lab', 'lab'],
      ['/lab/', 'lab'],
      ['//lab//one///', 'lab/one'],
      ['a.b_c-d/e', 'a.b_c-d/e'],
    ];
    for (const [raw, want] of cases) assert.equal(normalisePrefix(raw), want, raw);
    assert.equal(objectKey('', '1.2', '1.3', '1.4'), '1.2/1.3/1.4.dcm');
    assert.equal(objectKey('lab/one', '1.2', '1.3', '1.4'), 'lab/one/1.2/1.3/1.4.dcm');
  });

  it('refuses prefixes that could escape or confuse the key layout', () => {
    for (const bad of ['..', 'a/../b', './x', 'a b', 'a\\b', 'caf\u00e9', 'x?y', `${'a/'.repeat(9)}a`, 'a'.repeat(65)]) {
      assert.throws(() => normalisePrefix(bad), ConfigError, bad);
    }
  });

  it('accepts WADOURL as an http(s) base without a trailing slash, and refuses credentials or queries', () => {
    assert.equal(normaliseWadoUrl(''), undefined);
    assert.equal(normaliseWadoUrl('https://pacs.test/dicom-web/'), 'https://pacs.test/dicom-web');
    assert.equal(normaliseWadoUrl('http://127.0.0.1:8042'), 'http://127.0.0.1:8042');
    for (const bad of ['ftp://x/y', 'https://u:p@x/', 'https://x/?a=1', 'not a url', 'javascript:alert(1)']) assert.throws(() => normaliseWadoUrl(bad), ConfigError, bad);
  });

  it('reads the environment with upstream names and defaults, and says what is wrong', () => {
    const config = readConfig({ BUCKETNAME: 'my-dicom-bucket', PREFIX: '/x/', LOGLEVEL: 'warning', RESPONSEDELAY: '1.5' });
    assert.equal(config.prefix, 'x');
    assert.equal(config.logLevel, 'warning');
    assert.equal(config.responseDelaySeconds, 1.5);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.tls, undefined);
    assert.equal(readConfig({ BUCKETNAME: 'b12', LOGLEVEL: 'CRITICAL' }).logLevel, 'error');
    assert.equal(readConfig({ BUCKETNAME: 'b12', TLSCERT: 'c', TLSKEY: 'k', CLIENTCA: 'ca' }).tls?.clientCaFile, 'ca');
    assert.equal(readConfig({ BUCKETNAME: 'b12', TLSCERT: 'c', TLSKEY: 'k' }).port, 8443);
    const refusals: [Record<string, string>, RegExp][] = [
      [{}, /BUCKETNAME/],
      [{ BUCKETNAME: 'Bad_Bucket' }, /BUCKETNAME/],
      [{ BUCKETNAME: 'b12', LOGLEVEL: 'loud' }, /LOGLEVEL/],
      [{ BUCKETNAME: 'b12', TLSCERT: 'c' }, /TLSCERT and TLSKEY/],
      [{ BUCKETNAME: 'b12', CLIENTCA: 'ca' }, /CLIENTCA/],
      [{ BUCKETNAME: 'b12', RESPONSEDELAY: '-1' }, /RESPONSEDELAY/],
      [{ BUCKETNAME: 'b12', PORT: '80.5' }, /PORT/],
      [{ BUCKETNAME: 'b12', PARTSIZEMIB: '4' }, /PARTSIZEMIB/],
    ];
    for (const [env, message] of refusals) assert.throws(() => readConfig(env), (e: Error) => e instanceof ConfigError && message.test(e.message), JSON.stringify(env));
  });
});
