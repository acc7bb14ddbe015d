import assert from 'node:assert/strict';
import { ListObjectsV2Command, S3Client, type S3ClientResolvedConfig, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { checkInstancesStored, listReceivedStudies } from '../../../../src/core/kinds/stowrs/receivedStudies';

const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const object = (Key: string, Size = 100) => ({ Key, Size, LastModified: new Date('2026-01-01T00:00:00Z') });

describe('stowrs kind: received studies in the bucket', () => {
  // Mocked only while this suite runs: a mock made at load time would answer every S3 call of every suite.
  let s3Mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, S3ClientResolvedConfig>;
  before(() => {
    s3Mock = mockClient(S3Client);
  });
  beforeEach(() => s3Mock.reset());
  after(() => s3Mock.restore());

  it('groups keys by study and series across pages, counting what is not an instance key', async () => {
    s3Mock
      .on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ IsTruncated: true, NextContinuationToken: 't2', Contents: [object('site/1.2/1.2.1/1.2.1.2.dcm', 10), object('site/1.2/1.2.1/1.2.1.1.dcm', 20), object('site/README.txt')] })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ IsTruncated: false, Contents: [object('site/1.2/1.2.2/1.2.2.1.dcm', 5), object('site/1.1/1.1.1/1.1.1.1.dcm', 7), object('site/1.1/1.1.1/evil"<>.dcm')] });
    const listing = await listReceivedStudies(s3, 'bucket', '/site/');
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input.Prefix, 'site/');
    assert.deepEqual(
      listing.studies.map((s) => [s.studyInstanceUid, s.instanceCount, s.bytes, s.series.map((x) => [x.seriesInstanceUid, x.instances.map((i) => i.sopInstanceUid)])]),
      [
        ['1.1', 1, 7, [['1.1.1', ['1.1.1.1']]]],
        ['1.2', 3, 35, [['1.2.1', ['1.2.1.1', '1.2.1.2']], ['1.2.2', ['1.2.2.1']]]],
      ],
    );
    assert.equal(listing.otherObjects, 2);
    assert.equal(listing.truncated, false);
  });

  it('stops at maxObjects and says the listing is truncated', async () => {
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: true, NextContinuationToken: 'more', Contents: [object('1.2/1.2.1/1.2.1.1.dcm'), object('1.2/1.2.1/1.2.1.2.dcm')] });
    const listing = await listReceivedStudies(s3, 'bucket', '', { maxObjects: 2 });
    assert.equal(listing.truncated, true);
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command).length, 1);
    assert.equal(s3Mock.commandCalls(ListObjectsV2Command)[0]!.args[0].input.MaxKeys, 2);
  });

  it('checks that every instance sent is in the bucket at its key with its size', async () => {
    s3Mock.on(ListObjectsV2Command, { Prefix: 'p/1.2/' }).resolves({ IsTruncated: false, Contents: [object('p/1.2/1.2.1/1.2.1.1.dcm', 10), object('p/1.2/1.2.1/1.2.1.2.dcm', 99)] });
    const sent = [1, 2, 3].map((n) => ({ studyInstanceUid: '1.2', seriesInstanceUid: '1.2.1', sopInstanceUid: `1.2.1.${n}`, size: 10 }));
    const check = await checkInstancesStored(s3, 'bucket', 'p', sent);
    assert.deepEqual(check.present.map((i) => i.sopInstanceUid), ['1.2.1.1']);
    assert.deepEqual(check.wrongSize.map((i) => [i.sopInstanceUid, i.expected, i.found]), [['1.2.1.2', 10, 99]]);
    assert.deepEqual(check.missing.map((i) => i.sopInstanceUid), ['1.2.1.3']);
  });
});
