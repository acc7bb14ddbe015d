import assert from 'node:assert/strict';
import { parseStowResponse } from '../../../../src/core/dicom/stowResponse';
import { describeStatusCode } from '../../../../src/core/dicom/failureReasons';
import { FAILURE, renderStoreResponse, storeStatus, type StoreOutcome } from '../../../../templates/stowrs/service/storeResponse';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const stored = (n: number, study = '1.2.3') => ({ sopClassUid: CT, sopInstanceUid: `1.2.3.4.${n}`, studyInstanceUid: study, seriesInstanceUid: '1.2.3.4' });

describe('stowrs service: Store Instances Response (PS3.18 Annex I)', () => {
  it('answers 200 when all were stored, 202 when some failed, 409 when none were', () => {
    assert.equal(storeStatus({ stored: [stored(1)], failed: [] }), 200);
    assert.equal(storeStatus({ stored: [stored(1)], failed: [{ reason: FAILURE.cannotUnderstand }] }), 202);
    assert.equal(storeStatus({ stored: [], failed: [{ reason: FAILURE.studyMismatch, sopClassUid: CT, sopInstanceUid: '1.9' }] }), 409);
  });

  it('writes DICOM JSON the Imaging Lab client reads back: RetrieveURLs from WADOURL, failures with their reasons', () => {
    const outcome: StoreOutcome = {
      stored: [stored(1), stored(2)],
      failed: [{ reason: FAILURE.studyMismatch, sopClassUid: CT, sopInstanceUid: '1.2.3.4.9' }, { reason: FAILURE.cannotUnderstand }],
    };
    const body = renderStoreResponse('json', outcome, 'https://pacs.test/dicom-web', undefined);
    const json = JSON.parse(body) as Record<string, { vr: string; Value: unknown[] }>;
    assert.deepEqual(Object.keys(json), ['00081190', '00081198', '00081199', '0008119A']);
    assert.deepEqual(json['00081190'], { vr: 'UR', Value: ['https://pacs.test/dicom-web/studies/1.2.3'] });
    assert.deepEqual(json['00081198']!.Value[0], {
      '00081150': { vr: 'UI', Value: [CT] },
      '00081155': { vr: 'UI', Value: ['1.2.3.4.9'] },
      '00081197': { vr: 'US', Value: [0xc409] },
    });
    const parsed = parseStowResponse(body);
    assert.deepEqual(parsed.stored.map((s) => [s.sopInstanceUid, s.retrieveUrl]), [
      ['1.2.3.4.1', 'https://pacs.test/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.1'],
      ['1.2.3.4.2', 'https://pacs.test/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.2'],
    ]);
    // An unidentifiable part has no SOP Instance UID to reconcile; the client keeps the identified failures.
    assert.deepEqual(parsed.failed.map((f) => f.reason), [0xc409]);
    assert.deepEqual(json['0008119A'], { vr: 'SQ', Value: [{ '00081197': { vr: 'US', Value: [0xc000] } }] });
    assert.match(describeStatusCode(parsed.failed[0]!.reason), /^C409: the server cannot understand/);
  });

  it('omits RetrieveURLs without WADOURL and the study URL when several studies were stored', () => {
    const plain = JSON.parse(renderStoreResponse('json', { stored: [stored(1)], failed: [] }, undefined)) as Record<string, { Value: Record<string, unknown>[] }>;
    assert.deepEqual(Object.keys(plain), ['00081199']);
    assert.deepEqual(Object.keys(plain['00081199']!.Value[0]!), ['00081150', '00081155']);
    const two = JSON.parse(renderStoreResponse('json', { stored: [stored(1, '1.5'), stored(2, '1.6')], failed: [] }, 'https://w.test')) as Record<string, unknown>;
    assert.equal(two['00081190'], undefined);
    const target = JSON.parse(renderStoreResponse('json', { stored: [], failed: [{ reason: 0xc409, sopClassUid: CT, sopInstanceUid: '1.9' }] }, 'https://w.test', '1.5')) as Record<string, unknown>;
    assert.equal(target['00081190'], undefined, 'no study URL when nothing was stored');
  });

  it('writes the PS3.19 Native DICOM Model for XML, escaping text', () => {
    const xml = renderStoreResponse('xml', { stored: [stored(1)], failed: [{ reason: 0xa700, sopClassUid: CT, sopInstanceUid: '1.8' }] }, 'https://w.test/a&b', undefined);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<NativeDicomModel xmlns="http:\/\/dicom.nema.org\/PS3.19\/models\/NativeDICOM" xml:space="preserve">/);
    assert.match(xml, /<DicomAttribute tag="00081190" vr="UR" keyword="RetrieveURL"><Value number="1">https:\/\/w.test\/a&amp;b\/studies\/1.2.3<\/Value><\/DicomAttribute>/);
    assert.match(xml, /<DicomAttribute tag="00081198" vr="SQ" keyword="FailedSOPSequence">\n\s+<Item number="1">\n[\s\S]*<DicomAttribute tag="00081197" vr="US" keyword="FailureReason"><Value number="1">42752<\/Value>/);
    assert.match(xml, /<DicomAttribute tag="00081199" vr="SQ" keyword="ReferencedSOPSequence">/);
    assert.ok(!xml.includes('a&b'), 'ampersand escaped');
    assert.ok(xml.trimEnd().endsWith('</NativeDicomModel>'));
  });
});
