import assert from 'node:assert/strict';
import { describeStatusCode, isRetryableFailure, serverText } from '../../../src/core/dicom/failureReasons';
import { reconcileBatch, retryAfterMs } from '../../../src/core/dicom/reconcile';
import type { DicomInstanceFile } from '../../../src/core/dicom/scanDicom';
import { parseStowResponse } from '../../../src/core/dicom/stowResponse';

const CT = '1.2.840.10008.5.1.4.1.1.2';
const file = (n: number): DicomInstanceFile => ({
  path: `/data/${n}.dcm`,
  size: 1000,
  sopClassUid: CT,
  sopInstanceUid: `1.2.3.${n}`,
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.0',
  transferSyntaxUid: '1.2.840.10008.1.2.1',
});
const item = (n: number, extra: Record<string, unknown> = {}) => ({
  '00081150': { vr: 'UI', Value: [CT] },
  '00081155': { vr: 'UI', Value: [`1.2.3.${n}`] },
  ...extra,
});

/** Shape of an Orthanc DICOMweb 1.7 answer (numeric US codes, RetrieveURL per instance). */
function orthancBody(stored: number[], failed: [number, number][]) {
  return JSON.stringify({
    '00081190': { vr: 'UR', Value: ['http://127.0.0.1/dicom-web/studies/1.2.3'] },
    ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed.map(([n, code]) => item(n, { '00081197': { vr: 'US', Value: [code] } })) } } : {}),
    '00081199': { vr: 'SQ', Value: stored.map((n) => item(n, { '00081190': { vr: 'UR', Value: [`http://127.0.0.1/dicom-web/studies/1.2.3/series/1.2.3.0/instances/1.2.3.${n}`] } })) },
  });
}

describe('STOW-RS response reconciliation', () => {
  it('maps an Orthanc 200 to stored instances with their RetrieveURL', () => {
    const v = reconcileBatch([file(1), file(2)], 200, 'OK', {}, orthancBody([1, 2], []));
    assert.deepEqual([...v.settled.values()].map((s) => s.fate), ['stored', 'stored']);
    assert.match(v.settled.get('1.2.3.2')?.retrieveUrl ?? '', /instances\/1\.2\.3\.2$/);
    assert.deepEqual(v.retry, []);
  });

  it('splits a 202 into stored, failed with decoded reason, warnings and instances missing from both sequences', () => {
    const body = JSON.stringify({
      '00081198': { vr: 'SQ', Value: [item(2, { '00081197': { vr: 'US', Value: [0xc122] } })] },
      '00081199': { vr: 'SQ', Value: [item(1), item(3, { '00081196': { vr: 'US', Value: [0xb000] } })] },
    });
    const v = reconcileBatch([file(1), file(2), file(3), file(4)], 202, 'Accepted', {}, body);
    assert.equal(v.settled.get('1.2.3.1')?.fate, 'stored');
    assert.equal(v.settled.get('1.2.3.1')?.warning, undefined);
    assert.equal(v.settled.get('1.2.3.2')?.fate, 'failed');
    assert.match(v.settled.get('1.2.3.2')?.reason ?? '', /C122: transfer syntax not supported.*HTTP 202/);
    assert.match(v.settled.get('1.2.3.3')?.warning ?? '', /B000: stored with coercion/);
    assert.match(v.settled.get('1.2.3.4')?.reason ?? '', /not listed in the server's response/);
  });

  it('reads stowrs-to-s3 style application/json with string codes, the made-up 910 and lower-case tags', () => {
    const body = JSON.stringify({
      '00081198': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3.1'] }, '00081197': { vr: 'US', Value: ['910'] } }, { '00081155': { Value: ['1.2.3.2'] }, '00081197': { Value: ['Could not write to S3 bucket'] } }] },
      '0008119a': { vr: 'SQ', Value: [{ '00081155': { Value: ['1.2.3.3'] }, '00081197': { Value: ['a700'] } }] },
      '00081199': { vr: 'SQ', Value: [] },
    });
    const v = reconcileBatch([file(1), file(2), file(3)], 409, 'Conflict', {}, body);
    assert.match(v.settled.get('1.2.3.1')?.reason ?? '', /^910 \(non-standard code of the stowrs-to-s3 service/);
    assert.match(v.settled.get('1.2.3.2')?.reason ?? '', /^Could not write to S3 bucket/);
    assert.deepEqual(v.retry.map((f) => f.sopInstanceUid), ['1.2.3.3'], 'out of resources (A7xx) is transient');
  });

  it('retries everything on 503/429 with an empty body and honours Retry-After', () => {
    const v = reconcileBatch([file(1), file(2)], 503, 'Service Unavailable', { 'retry-after': '3' }, '');
    assert.equal(v.settled.size, 0);
    assert.equal(v.retry.length, 2);
    assert.equal(v.retryAfterMs, 3000);
    assert.equal(retryAfterMs('Wed, 21 Oct 2026 07:28:10 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')), 10_000);
    assert.equal(retryAfterMs('soon'), undefined);
  });

  it('stops on 401 with what to do, splits on 413, and does not invent success from an empty 400/409', () => {
    const auth = reconcileBatch([file(1)], 401, 'Unauthorized', {}, '');
    assert.match(auth.fatal ?? '', /requires authentication.*check the user name/);
    assert.equal(auth.settled.get('1.2.3.1')?.fate, 'failed');
    const big = reconcileBatch([file(1), file(2)], 413, 'Payload Too Large', {}, '');
    assert.equal(big.split, true);
    const conflict = reconcileBatch([file(1)], 409, 'Conflict', {}, '');
    assert.match(conflict.settled.get('1.2.3.1')?.reason ?? '', /409.*Study Instance UID does not match/);
    const none = reconcileBatch([file(1)], 400, 'Bad Request', {}, 'no DICOM in request');
    assert.equal(none.settled.get('1.2.3.1')?.reason, 'refused by the server, sent alone (HTTP 400 Bad Request): the server said "no DICOM in request"');
  });

  it('isolates the instances of a batch refused without naming them (Orthanc: 400 listing only those it stored)', () => {
    const v = reconcileBatch([file(1), file(2), file(3)], 400, 'Bad Request', {}, orthancBody([1, 3], []));
    assert.deepEqual([...v.settled.entries()].map(([uid, s]) => [uid, s.fate]), [['1.2.3.1', 'stored'], ['1.2.3.3', 'stored']]);
    assert.deepEqual(v.isolate?.map((f) => f.sopInstanceUid), ['1.2.3.2']);
    const whole = reconcileBatch([file(1), file(2)], 422, 'Unprocessable Entity', {}, '');
    assert.deepEqual(whole.isolate?.map((f) => f.sopInstanceUid), ['1.2.3.1', '1.2.3.2']);
    const alone = reconcileBatch([file(2)], 400, 'Bad Request', {}, orthancBody([], []));
    assert.equal(alone.settled.get('1.2.3.2')?.reason, "refused by the server, sent alone (HTTP 400 Bad Request): its answer gives no reason; the server's log has it");
  });

  it("quotes the server's own words: JSON error fields or text, without control characters, at most 300 characters", () => {
    assert.equal(serverText(JSON.stringify({ Details: 'Cannot parse an invalid DICOM file (size: 691 bytes)', HttpStatus: 400, Message: 'Bad file format' })), 'Bad file format: Cannot parse an invalid DICOM file (size: 691 bytes)');
    assert.equal(serverText('{"error": "bucket full"}'), 'bucket full');
    assert.equal(serverText('\u001b[2J\u001b[Hall 1000 instances stored OK\u202e'), '[2J [Hall 1000 instances stored OK');
    assert.equal(serverText(orthancBody([], [])), undefined);
    assert.equal(serverText('   '), undefined);
    assert.equal(serverText('x'.repeat(400))?.length, 300);
  });

  it('marks an empty 200 as stored but says storage was not confirmed per instance', () => {
    const v = reconcileBatch([file(1)], 200, 'OK', {}, '');
    assert.equal(v.settled.get('1.2.3.1')?.fate, 'stored');
    assert.match(v.settled.get('1.2.3.1')?.warning ?? '', /not confirmed/);
  });

  it('accepts a response wrapped in an array and ignores malformed items', () => {
    const parsed = parseStowResponse(JSON.stringify([{ '00081199': { Value: [item(1), null, { '00081155': { Value: [42] } }] } }]));
    assert.deepEqual(parsed.stored.map((s) => s.sopInstanceUid), ['1.2.3.1']);
    assert.equal(parseStowResponse('<html>').empty, true);
  });

  it('decodes FailureReason codes in every form servers use', () => {
    assert.match(describeStatusCode(0xa700), /^A700: refused: out of resources/);
    assert.match(describeStatusCode(0xa770), /^A770: refused: out of resources/);
    assert.match(describeStatusCode('A900'), /^A900: data set does not match/);
    assert.match(describeStatusCode(0xc000), /^C000: the server cannot understand/);
    assert.match(describeStatusCode('0110'), /^0110: processing failure/);
    assert.match(describeStatusCode(272), /^0110: processing failure/);
    assert.match(describeStatusCode(0x0122), /^0122: SOP Class not supported/);
    assert.match(describeStatusCode('0x0124'), /^0124: refused: not authorized/);
    assert.match(describeStatusCode(910), /^910 \(non-standard/);
    assert.equal(describeStatusCode(undefined), 'no reason given');
    assert.equal(isRetryableFailure(0xa7ff), true);
    assert.equal(isRetryableFailure('C122'), false);
  });
});
