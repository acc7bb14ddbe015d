import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidUid, uidProblem } from '../../../src/core/dicom/uid';

describe('DICOM UID grammar', () => {
  it('accepts well-formed UIDs, including 0 components and the 2.25 root', () => {
    for (const uid of ['1.2.840.10008.5.1.4.1.1.2', '2.25.329800735698586629295641978511506172918', '1.0.2', '0']) assert.equal(isValidUid(uid), true, uid);
  });

  it('rejects leading zeros, empty components, letters, spaces and more than 64 characters', () => {
    for (const uid of ['1.02.3', '1..2', '.1.2', '1.2.', '1.2a', '1.2 ', '', `1.${'2'.repeat(63)}`]) assert.equal(isValidUid(uid), false, uid);
    assert.match(uidProblem('SOP Instance UID', `1.${'2'.repeat(63)}`) ?? '', /longer than 64/);
    assert.match(uidProblem('SOP Instance UID', undefined) ?? '', /missing/);
    assert.match(uidProblem('SOP Instance UID', '1.02') ?? '', /not a valid UID/);
  });

  it('agrees with a component-by-component definition on random input', () => {
    const component = fc.oneof(fc.constant('0'), fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String));
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 12 }), (parts) => {
        const uid = parts.join('.');
        assert.equal(isValidUid(uid), uid.length <= 64);
      }),
    );
  });
});
