import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planBatches } from '../../../src/core/dicom/batches';

describe('planBatches', () => {
  it('keeps order, loses nothing and respects byte and count bounds (an oversize item goes alone)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.integer({ min: 1, max: 20 }),
        (sizes, maxBytes, maxCount) => {
          const items = sizes.map((size, index) => ({ size, index }));
          const batches = planBatches(items, maxBytes, maxCount);
          assert.deepEqual(batches.flat(), items);
          for (const batch of batches) {
            assert.ok(batch.length >= 1 && batch.length <= maxCount);
            const bytes = batch.reduce((s, i) => s + i.size, 0);
            assert.ok(batch.length === 1 || bytes <= maxBytes);
          }
        },
      ),
    );
  });
});
