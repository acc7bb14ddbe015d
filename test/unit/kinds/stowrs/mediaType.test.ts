import assert from 'node:assert/strict';
import { negotiateResponse, parseMediaType } from '../../../../templates/stowrs/service/mediaType';

describe('stowrs service: Content-Type and Accept', () => {
  it('reads quoted and unquoted boundaries and the part type', () => {
    assert.deepEqual(parseMediaType('multipart/related; type="application/dicom"; boundary=abc-123'), {
      essence: 'multipart/related',
      params: { type: 'application/dicom', boundary: 'abc-123' },
    });
    assert.equal(parseMediaType('Multipart/Related;boundary="a;b=c d";type=application/dicom')?.params.boundary, 'a;b=c d');
    assert.equal(parseMediaType('multipart/related; boundary="with \\"escaped\\" quotes"')?.params.boundary, 'with "escaped" quotes');
    assert.equal(parseMediaType('multipart/related; BOUNDARY=x; boundary=y')?.params.boundary, 'x');
  });

  it('rejects what is not a media type', () => {
    for (const bad of [undefined, '', 'multipart', 'a/b/c', 'multipart/related; boundary="unterminated', 'multipart/related; boundary="x" junk', 'text/plain; =x', 'a b/c']) {
      assert.equal(parseMediaType(bad), undefined, String(bad));
    }
  });

  it('answers DICOM JSON without an Accept header, for wildcards and for application/json', () => {
    for (const accept of [undefined, '', '*/*', 'application/*', 'application/dicom+json', 'application/json', 'text/html, */*;q=0.1']) {
      assert.equal(negotiateResponse(accept), 'json', String(accept));
    }
  });

  it('answers XML when asked, honouring q-values and the old multipart/related XML form', () => {
    assert.equal(negotiateResponse('application/dicom+xml'), 'xml');
    assert.equal(negotiateResponse('application/dicom+json;q=0.5, application/dicom+xml'), 'xml');
    assert.equal(negotiateResponse('application/dicom+xml;q=0.4, application/dicom+json;q=0.9'), 'json');
    assert.equal(negotiateResponse('multipart/related; type="application/dicom+xml"'), 'xml');
    assert.equal(negotiateResponse('*/*;q=0.2, application/dicom+xml'), 'xml');
  });

  it('finds nothing acceptable for unknown types or q=0 (the caller answers 406)', () => {
    for (const accept of ['text/html', 'image/png, text/plain', 'application/dicom+json;q=0', 'multipart/related; type="application/dicom"', 'application/dicom+json;q=abc', 'text/*']) {
      assert.equal(negotiateResponse(accept), undefined, accept);
    }
  });
});
