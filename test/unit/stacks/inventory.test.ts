import assert from 'node:assert/strict';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { AwsClients } from '../../../src/core/aws/clients';
import type { AwsSession } from '../../../src/core/aws/session';
import { loadInventory } from '../../../src/core/stacks/inventory';
import { credentialFailure, groupByKind } from '../../../src/core/stacks/inventoryModel';
import { STACK_STATUSES, statusCategory } from '../../../src/core/stacks/stackStatus';
import { creatingLabStack, failedOrthancStack, mdeStack, nestedStack, otherStack, upstreamMdeStack } from '../../fixtures/account';

const staticCredentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

function session(regions: string[]): AwsSession {
  return { profile: 'lab', regions, clients: new AwsClients(staticCredentials, 1) };
}

function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('stack inventory', () => {
  let cfn: AwsClientStub<CloudFormationClient>;
  beforeEach(() => (cfn = mockClient(CloudFormationClient)));
  afterEach(() => cfn.restore());

  it('follows NextToken through every page and leaves nested stacks out', async () => {
    cfn
      .on(DescribeStacksCommand, { NextToken: undefined })
      .resolves({ Stacks: [mdeStack, nestedStack], NextToken: 'page-2' })
      .on(DescribeStacksCommand, { NextToken: 'page-2' })
      .resolves({ Stacks: [upstreamMdeStack, failedOrthancStack, otherStack] });
    const inventory = await loadInventory(session(['us-east-1']));
    assert.equal(cfn.commandCalls(DescribeStacksCommand).length, 2);
    assert.deepEqual(inventory.stacks.map((s) => s.stackName), ['billing-alarms', 'MDE', 'mylab', 'pacs-test']);
    assert.deepEqual(inventory.failures, []);
  });

  it('groups by tag, recognises the upstream MDE template, and puts the rest under Other', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [mdeStack, upstreamMdeStack, failedOrthancStack, otherStack] });
    const inventory = await loadInventory(session(['us-east-1']));
    const groups = groupByKind(inventory.stacks).map((g) => [g.kind, g.stacks.map((s) => s.stackName)]);
    assert.deepEqual(groups, [
      ['mde', ['MDE', 'mylab']],
      ['orthanc', ['pacs-test']],
      ['other', ['billing-alarms']],
    ]);
    const upstream = inventory.stacks.find((s) => s.stackName === 'MDE');
    assert.equal(upstream?.kindEvidence, 'signature');
    const mylab = inventory.stacks.find((s) => s.stackName === 'mylab');
    assert.equal(mylab?.kindEvidence, 'tag');
    assert.equal(mylab?.version, '0.1.0');
    assert.deepEqual(mylab?.parameters.find((p) => p.key === 'MonaiUserPassword'), { key: 'MonaiUserPassword', value: '****', masked: true });
  });

  it('keeps every status, including rollbacks, in-progress and delete-failed', async () => {
    const stacks = STACK_STATUSES.filter((s) => s !== 'DELETE_COMPLETE').map((status, i) => ({
      ...otherStack,
      StackId: `${otherStack.StackId}-${i}`,
      StackName: `s-${status.toLowerCase()}`,
      StackStatus: status,
    }));
    cfn.on(DescribeStacksCommand).resolves({ Stacks: stacks });
    const inventory = await loadInventory(session(['us-east-1']));
    assert.deepEqual(new Set(inventory.stacks.map((s) => s.status)), new Set(stacks.map((s) => s.StackStatus)));
    assert.equal(statusCategory('DELETE_FAILED'), 'failed');
    assert.equal(statusCategory('UPDATE_ROLLBACK_COMPLETE'), 'rolled-back');
    assert.equal(statusCategory('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), 'in-progress');
    assert.equal(statusCategory('REVIEW_IN_PROGRESS'), 'review');
    assert.equal(statusCategory('IMPORT_COMPLETE'), 'complete');
  });

  it('queries regions concurrently and reports a failing region without hiding the others', async () => {
    cfn.restore();
    const s = session(['us-east-1', 'eu-west-1', 'ap-east-1']);
    let inFlight = 0;
    let maxInFlight = 0;
    const slowly = async <T>(value: () => T): Promise<T> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return value();
    };
    const perRegion = {
      'us-east-1': () => ({ Stacks: [mdeStack] }),
      'eu-west-1': () => ({ Stacks: [creatingLabStack] }),
      'ap-east-1': () => {
        throw awsError('UnrecognizedClientException', 'The security token included in the request is invalid.');
      },
    };
    const mocks = [];
    for (const [region, answer] of Object.entries(perRegion)) {
      const m = mockClient(await s.clients.cloudFormation(region));
      m.on(DescribeStacksCommand).callsFake(() => slowly(answer));
      mocks.push(m);
    }
    try {
      const inventory = await loadInventory(s);
      assert.equal(maxInFlight, 3);
      assert.deepEqual(inventory.stacks.map((st) => `${st.stackName}@${st.region}`), ['course1@eu-west-1', 'mylab@us-east-1']);
      assert.equal(inventory.failures.length, 1);
      assert.equal(inventory.failures[0]?.region, 'ap-east-1');
      assert.equal(inventory.failures[0]?.error.category, 'region');
      assert.match(inventory.failures[0]?.error.message ?? '', /opt-in region/);
      assert.equal(credentialFailure(inventory), undefined);
    } finally {
      mocks.forEach((m) => m.restore());
    }
  });

  it('turns an expired token in every region into one credential problem with the command to run', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('ExpiredToken', 'The security token included in the request is expired', 403));
    const inventory = await loadInventory(session(['us-east-1', 'eu-west-1']));
    assert.equal(inventory.failures.length, 2);
    const problem = credentialFailure(inventory);
    assert.equal(problem?.category, 'expired');
    assert.match(problem?.message ?? '', /aws sso login --profile lab/);
  });

  it('reports throttling that outlived the retries as throttling, per region', async () => {
    cfn.on(DescribeStacksCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const inventory = await loadInventory(session(['us-east-1']));
    assert.equal(inventory.failures[0]?.error.category, 'throttled');
    assert.equal(credentialFailure(inventory), undefined);
  });

  it('names the missing permission on AccessDenied', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/student is not authorized to perform: cloudformation:DescribeStacks on resource: *'));
    const inventory = await loadInventory(session(['us-east-1']));
    assert.match(inventory.failures[0]?.error.message ?? '', /cloudformation:DescribeStacks/);
  });

  it('passes the abort signal to the SDK and stops', async () => {
    const controller = new AbortController();
    cfn.on(DescribeStacksCommand).callsFake(async () => {
      controller.abort();
      return { Stacks: [mdeStack], NextToken: 'more' };
    });
    await assert.rejects(loadInventory(session(['us-east-1']), controller.signal), /abort/i);
  });
});
