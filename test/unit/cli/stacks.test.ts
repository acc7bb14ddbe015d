import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { runCliForTest } from '../../support/runCliForTest';
import { creatingLabStack, failedOrthancStack, mdeStack, otherStack } from '../../fixtures/account';

const cli = runCliForTest;

describe('imaging-lab stacks', () => {
  let cfn: AwsClientStub<CloudFormationClient>;
  beforeEach(() => (cfn = mockClient(CloudFormationClient)));
  afterEach(() => cfn.restore());

  it('prints a table grouped by kind and exits 0', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [otherStack, mdeStack, failedOrthancStack] });
    const { code, out, err } = await cli(['stacks', '--region', 'us-east-1']);
    assert.equal(code, 0);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0]!, /^KIND\s+STACK\s+REGION\s+STATUS\s+AGE$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 4)), [
      ['MONAI Deploy Express', 'mylab', 'us-east-1', 'CREATE_COMPLETE'],
      ['Orthanc', 'pacs-test', 'us-east-1', 'ROLLBACK_COMPLETE'],
      ['Other', 'billing-alarms', 'us-east-1', 'UPDATE_COMPLETE'],
    ]);
    assert.equal(err, '');
  });

  it('prints the same inventory as JSON', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [creatingLabStack] });
    const { code, out } = await cli(['stacks', '--region', 'eu-west-1', '--json', '--profile', 'x'], { AWS_CONFIG_FILE: '/nonexistent' });
    assert.equal(code, 0);
    const parsed = JSON.parse(out);
    assert.deepEqual(parsed.regions, ['eu-west-1']);
    assert.equal(parsed.profile, 'x');
    assert.deepEqual(parsed.stacks.map((s: { stackName: string; kind: string; status: string }) => [s.stackName, s.kind, s.status]), [['course1', 'lab', 'CREATE_IN_PROGRESS']]);
    assert.deepEqual(parsed.failures, []);
  });

  it('exits 1 with the reason when AWS fails', async () => {
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' }));
    const { code, out, err } = await cli(['stacks', '--region', 'us-east-1']);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.match(err, /^us-east-1: Access denied in us-east-1: the identity lacks permission cloudformation:DescribeStacks/);
  });

  it('uses the profile region when no --region is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il-cli-'));
    writeFileSync(join(dir, 'config'), '[profile lab]\nregion = ap-southeast-2\n');
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] });
    const { code, out } = await cli(['stacks', '--profile', 'lab', '--json'], { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out).regions, ['ap-southeast-2']);
  });

  it('exits 2 on usage errors and prints help', async () => {
    assert.equal((await cli(['stacks', '--bogus'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli([])).code, 2);
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /stacks\s+list deployed stacks/);
    assert.match((await cli(['stacks', '--help'])).out, /--json/);
  });
});
