import assert from 'node:assert/strict';
import { displayUrl, studiesUrl } from '../../../src/core/dicom/endpoint';

describe('studiesUrl', () => {
  it('joins a host-root base (the STOW-RS stack output https://host/studies) without a double slash', () => {
    assert.equal(studiesUrl({ url: 'https://127.0.0.1:8443/studies' }).toString(), 'https://127.0.0.1:8443/studies');
    assert.equal(studiesUrl({ url: 'https://127.0.0.1:8443/' }).toString(), 'https://127.0.0.1:8443/studies');
    assert.equal(studiesUrl({ url: 'https://127.0.0.1:8443' }, '1.2.3').toString(), 'https://127.0.0.1:8443/studies/1.2.3');
    assert.equal(displayUrl({ url: 'https://127.0.0.1:8443/studies' }), 'https://127.0.0.1:8443/');
  });

  it('keeps a base path (Orthanc /dicom-web) and drops trailing slashes and /studies', () => {
    assert.equal(studiesUrl({ url: 'http://127.0.0.1:8042/dicom-web/studies/' }).toString(), 'http://127.0.0.1:8042/dicom-web/studies');
    assert.equal(studiesUrl({ url: 'http://127.0.0.1:8042/dicom-web//' }, '1.2').toString(), 'http://127.0.0.1:8042/dicom-web/studies/1.2');
  });
});
