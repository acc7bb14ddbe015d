import assert from 'node:assert/strict';
import { nextSteps, type Job } from '../../../src/core/dicom/nextAttempt';
import type { BatchOutcome } from '../../../src/core/dicom/postBatch';
import type { DicomInstanceFile } from '../../../src/core/dicom/scanDicom';
import { DEFAULT_TUNING } from '../../../src/core/dicom/sendTypes';

const file = (n: number): DicomInstanceFile => ({
  path: `/d/IM${n}`,
  size: 1000,
  sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
  sopInstanceUid: `1.2.3.${n}`,
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.0',
  transferSyntaxUid: '1.2.840.10008.1.2.1',
});
const files = [1, 2, 3, 4, 5].map(file);
const job = (attempt = 1): Job => ({ files, attempt, notBefore: 0 });
const tuning = { ...DEFAULT_TUNING, baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 3 };
const answered = (verdict: Partial<Extract<BatchOutcome, { kind: 'answered' }>['verdict']>, status = 200): BatchOutcome => ({
  kind: 'answered',
  status,
  statusText: status === 200 ? 'OK' : 'Service Unavailable',
  verdict: { settled: new Map(), retry: [], ...verdict },
});
const uids = (list: readonly { files: readonly DicomInstanceFile[] }[]) => list.map((j) => j.files.map((f) => f.sopInstanceUid.split('.').pop()).join(''));

describe('nextSteps (the pure retry rule of a send)', () => {
  it('settles what the server answered and retries only the unconfirmed, with exponential back-off and jitter', () => {
    const settled = new Map([[files[0]!.sopInstanceUid, { fate: 'stored' as const }]]);
    const next = nextSteps(job(2), answered({ settled, retry: files.slice(1) }, 503), tuning, 10_000, () => 1);
    assert.deepEqual(next.settle.map(([f, s]) => [f.sopInstanceUid, s.fate]), [['1.2.3.1', 'stored']]);
    assert.deepEqual(uids(next.jobs), ['2345']);
    assert.deepEqual(next.jobs.map((j) => [j.attempt, j.notBefore]), [[3, 10_000 + 2000]]);
    assert.equal(next.retries, 1);
    assert.deepEqual(nextSteps(job(2), answered({ retry: files }, 503), tuning, 0, () => 0).jobs[0]?.notBefore, 1000, 'half the delay at the low end of the jitter');
  });

  it("prefers the server's Retry-After, capped by maxDelayMs", () => {
    assert.equal(nextSteps(job(), answered({ retry: files, retryAfterMs: 3000 }, 503), tuning, 0, () => 1).jobs[0]?.notBefore, 3000);
    assert.equal(nextSteps(job(), answered({ retry: files, retryAfterMs: 60_000 }, 503), tuning, 0, () => 1).jobs[0]?.notBefore, 8000);
  });

  it('gives up after maxAttempts with the last reason', () => {
    const next = nextSteps(job(3), { kind: 'network', problem: { message: 'connection reset', transient: true } }, tuning, 0, Math.random);
    assert.deepEqual(next.jobs, []);
    assert.ok(next.settle.every(([, s]) => s.fate === 'failed' && s.reason === 'gave up after 3 attempts: connection reset'));
    assert.equal(next.settle.length, 5);
  });

  it('halves a batch the server wants smaller, at the same attempt and at once', () => {
    const next = nextSteps(job(2), answered({ retry: files, split: true }, 413), tuning, 5, Math.random);
    assert.deepEqual(uids(next.jobs), ['123', '45']);
    assert.deepEqual(next.jobs.map((j) => [j.attempt, j.notBefore]), [[2, 0], [2, 0]]);
    assert.equal(next.retries, 0);
  });

  it('resends instances refused without being named in halves, until each is alone', () => {
    const next = nextSteps(job(), answered({ settled: new Map([['1.2.3.1', { fate: 'stored' as const }]]), isolate: files.slice(1) }, 400), tuning, 5, Math.random);
    assert.deepEqual(uids(next.jobs), ['23', '45']);
    assert.deepEqual(next.jobs.map((j) => [j.attempt, j.notBefore]), [[1, 0], [1, 0]]);
    assert.deepEqual(uids(nextSteps({ files: files.slice(0, 1), attempt: 1, notBefore: 0 }, answered({ isolate: files.slice(0, 1) }, 400), tuning, 0, Math.random).jobs), ['1']);
  });

  it('stops everything on a problem every request would hit, failing this batch with it', () => {
    const next = nextSteps(job(), { kind: 'network', problem: { message: 'the TLS certificate is not trusted', transient: false } }, tuning, 0, Math.random);
    assert.equal(next.fatal, 'the TLS certificate is not trusted');
    assert.equal(next.settle.length, 5);
    assert.deepEqual(next.jobs, []);
  });

  it('fails only a changed file and sends the rest again at once; cancels a batch in flight', () => {
    const changed = nextSteps(job(2), { kind: 'file-changed', path: '/d/IM3' }, tuning, 0, Math.random);
    assert.deepEqual(changed.settle.map(([f, s]) => [f.path, s.fate]), [['/d/IM3', 'failed']]);
    assert.deepEqual(uids(changed.jobs), ['1245']);
    assert.equal(changed.jobs[0]?.attempt, 2);
    const cancelled = nextSteps(job(), { kind: 'cancelled' }, tuning, 0, Math.random);
    assert.ok(cancelled.settle.every(([, s]) => s.fate === 'cancelled'));
  });
});
