import assert from 'node:assert/strict';
import { dicomTlsSettings, DicomTlsSettingsError, formatDicomTlsSettings } from '../../../../src/core/kinds/orthanc/dicomTlsSettings';

const outputs = (values: Record<string, string>) => ({ stackName: 'orthanc-lab', outputs: Object.entries(values).map(([key, value]) => ({ key, value })) });
const GOOD = { DicomHost: '127.0.0.1', DicomPort: '11112', DicomAeTitle: 'ORTHANC' };
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('Orthanc: DICOM-TLS settings for a modality administrator', () => {
  it('reads host, port and AE title from the outputs and prints what to type', () => {
    const settings = dicomTlsSettings(outputs(GOOD), '/home/me/orthanc lab ca.crt', FINGERPRINT);
    assert.deepEqual(settings, { host: '127.0.0.1', port: 11112, calledAeTitle: 'ORTHANC', caFile: '/home/me/orthanc lab ca.crt', fingerprint: FINGERPRINT });
    const text = formatDicomTlsSettings(settings).join('\n');
    assert.match(text, /Called AE title: ORTHANC/);
    assert.match(text, /DICOM-TLS required/);
    assert.match(text, /echoscu \+tla \+cf '\/home\/me\/orthanc lab ca\.crt' -aec ORTHANC 127\.0\.0\.1 11112/);
  });

  it('accepts a DNS host name', () => {
    assert.equal(dicomTlsSettings(outputs({ ...GOOD, DicomHost: 'orthanc-lab.localhost' }), 'ca.crt', FINGERPRINT).host, 'orthanc-lab.localhost');
  });

  it('refuses missing or malformed outputs (they come from the account: untrusted)', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ DicomPort: '11112', DicomAeTitle: 'ORTHANC' }, /no DicomHost output/],
      [{ ...GOOD, DicomHost: '127.0.0.1; rm -rf ~' }, /not a host name/],
      [{ ...GOOD, DicomHost: '999.1.1.1' }, /not a host name/],
      [{ ...GOOD, DicomPort: '0' }, /not a TCP port/],
      [{ ...GOOD, DicomPort: '11112abc' }, /not a TCP port/],
      [{ ...GOOD, DicomAeTitle: 'A\\B' }, /not a valid AE title/],
      [{ ...GOOD, DicomAeTitle: 'SEVENTEEN_CHARS_X' }, /not a valid AE title/],
    ];
    for (const [values, message] of cases) assert.throws(() => dicomTlsSettings(outputs(values), 'ca.crt', FINGERPRINT), (e: unknown) => e instanceof DicomTlsSettingsError && message.test(e.message), JSON.stringify(values));
  });
});
