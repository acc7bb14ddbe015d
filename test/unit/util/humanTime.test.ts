import assert from 'node:assert/strict';
import { humanTime, regionMessage } from '../../../src/core/util/age';

describe('times and region errors as people read them', () => {
  it('shows a tooltip time in words, in UTC, with its age', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    assert.equal(humanTime('2026-11-27T09:05:00.000Z', now), '27 Nov 2026, 09:05 UTC (3d ago)');
    assert.equal(humanTime('2026-11-30T11:59:15Z', now), '30 Nov 2026, 11:59 UTC (45s ago)');
    assert.equal(humanTime('not a time', now), 'not a time');
  });

  it('names the region of a region error once', () => {
    assert.equal(regionMessage('ap-southeast-2', 'Access denied in ap-southeast-2: the identity lacks permission cloudformation:DescribeStacks.'), 'ap-southeast-2: Access denied: the identity lacks permission cloudformation:DescribeStacks.');
    assert.equal(regionMessage('ap-east-1', 'enable the region'), 'ap-east-1: enable the region');
  });
});
