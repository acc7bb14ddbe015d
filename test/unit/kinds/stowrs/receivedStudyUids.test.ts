import assert from 'node:assert/strict';
import { ListObjectsV2Command, S3Client, type S3ClientResolvedConfig, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { listReceivedStudies } from '../../../../src/core/kinds/stowrs/receivedStudies';
import { MAX_PAGES } from '../../../../src/core/kinds/stowrs/boundedListing';
import { listReceivedStudyUids } from '../../../../src/core/kinds/stowrs/receivedStudyUids';

const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const folder = (Prefix: string) => ({ Prefix });

describe('stowrs kind: received studies, one folder per study (ListObjectsV2 with a delimiter)', () => {
  let s3Mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, S3ClientResolvedConfig>;
  before(() => {
    s3Mock = mockClient(S3Client);
  });
  beforeEach(() => s3Mock.reset());
  after(() => s3Mock.restore());

  it('lists study folders across pages with Delimiter "/", keeping only folders named exactly by a UID', async () => {
    s3Mock
      .on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ IsTruncated: true, NextContinuationToken: 't2', CommonPrefixes: [folder('in/1.2.3/'), folder('in/../'), folder('in/1.2.4/')], Contents: [{ Key: 'in/README.txt', Size: 3 }] })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ IsTruncated: false, CommonPrefixes: [folder('in/1.2.5/'), folder('in/1.02/'), folder('elsewhere/1.2.6/'), folder('in/1.2<script>/'), folder('in/1.2.7')] });
    const listing = await listReceivedStudyUids(s3, 'bucket', '/in/');
    const calls = s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input);
    assert.deepEqual(calls.map((i) => [i.Prefix, i.Delimiter, i.ContinuationToken]), [['in/', '/', undefined], ['in/', '/', 't2']]);
    assert.deepEqual(listing.studies, ['1.2.3', '1.2.4', '1.2.5']);
    // '..', a leading-zero component, another prefix, markup and a folder without its '/', plus the README.
    assert.equal(listing.otherEntries, 6);
    assert.equal(listing.truncated, false);
  });

  it('stops at maxEntries and says so; asks only for what is left', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: true, NextContinuationToken: 'more', CommonPrefixes: [folder('1.1/'), folder('1.2/')] });
    const listing = await listReceivedStudyUids(s3, 'bucket', '', { maxEntries: 3 });
    assert.deepEqual(listing.studies, ['1.1', '1.2', '1.1', '1.2']);
    assert.equal(listing.truncated, true);
    assert.deepEqual(s3Mock.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.MaxKeys), [3, 1]);
  });

  it('never follows an endpoint that always answers "truncated" with empty pages beyond the page bound', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: true, NextContinuationToken: 'again' });
    const listing = await listReceivedStudyUids(s3, 'bucket', 'p');
    assert.equal(listing.truncated, true);
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command).length, MAX_PAGES);
    s3Mock.reset();
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: true, NextContinuationToken: 'again' });
    assert.equal((await listReceivedStudies(s3, 'bucket', 'p', { studyInstanceUid: '1.2' })).truncated, true);
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command).length, MAX_PAGES);
  });

  it('lists one study by its UID only: a study that is not a UID never becomes part of the prefix', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: false, Contents: [{ Key: 'p/1.2/1.2.1/1.2.1.1.dcm', Size: 4 }] });
    const one = await listReceivedStudies(s3, 'bucket', 'p', { studyInstanceUid: '1.2' });
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input.Prefix, 'p/1.2/');
    assert.deepEqual(one.studies.map((s) => [s.studyInstanceUid, s.series.map((x) => [x.seriesInstanceUid, x.instances.length])]), [['1.2', [['1.2.1', 1]]]]);
    await assert.rejects(listReceivedStudies(s3, 'bucket', 'p', { studyInstanceUid: '../other' }), /not a Study Instance UID; nothing was listed/);
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command).length, 1);
  });
});
