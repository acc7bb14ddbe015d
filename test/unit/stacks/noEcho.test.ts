import assert from 'node:assert/strict';
import { GetTemplateSummaryCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { AwsClients } from '../../../src/core/aws/clients';
import { loadInventory } from '../../../src/core/stacks/inventory';
import { NoEchoDeclarations } from '../../../src/core/stacks/noEchoDeclarations';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import type { ExplorerNode } from '../../../src/vscode/tree/explorerNode';
import { buildRootNodes } from '../../../src/vscode/tree/rootNodes';
import type { FakeAccount } from '../../fakeaws/model';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { runCliForTest } from '../../support/runCliForTest';
import { mockAws, REGION, STACK_ID, STACK_NAME } from '../deploy/fakes';

const SECRET = 'Cl3ar-Secret!value';
const TEMPLATE = JSON.stringify({
  Parameters: { AdminPassword: { Type: 'String', NoEcho: true }, InstanceType: { Type: 'String' } },
  Resources: { T: { Type: 'AWS::SNS::Topic' } },
});

/** An emulator-like account whose DescribeStacks returns a NoEcho value in clear (as LocalStack-style endpoints do). */
function account(): FakeAccount {
  return {
    accountId: '111122223333',
    userName: 'researcher',
    regions: {
      [REGION]: {
        stacks: [{ name: 'pacs', tags: { 'imaging-lab:kind': 'orthanc' }, templateBody: TEMPLATE, parameters: { AdminPassword: SECRET, InstanceType: 't3.medium' }, createdAgoMs: 60_000 }],
      },
    },
  };
}

describe('NoEcho parameters are masked by the template, not by what the API returns', () => {
  let fake: FakeAws;
  const saved = { ...process.env };
  beforeEach(async () => {
    fake = await startFakeAws(account());
    Object.assign(process.env, { AWS_ENDPOINT_URL: fake.url, AWS_ACCESS_KEY_ID: 'AKIAFAKE0000000000', AWS_SECRET_ACCESS_KEY: 'fake-secret' });
  });
  afterEach(async () => {
    for (const key of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await fake.close();
  });

  it('the inventory (tree and CLI source): the declared NoEcho value is masked, the others shown; one summary per stack version', async () => {
    const clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
    try {
      const declarations = new NoEchoDeclarations();
      const session = { profile: undefined, regions: [REGION], clients };
      const first = await loadInventory(session, undefined, declarations);
      const pacs = first.stacks.find((s) => s.stackName === 'pacs');
      assert.deepEqual(pacs?.parameters, [
        { key: 'AdminPassword', value: '****', masked: true },
        { key: 'InstanceType', value: 't3.medium', masked: false },
      ]);
      assert.doesNotMatch(JSON.stringify(first), new RegExp(SECRET.replace(/[!]/g, '\\$&')));
      await loadInventory(session, undefined, declarations);
      assert.equal(fake.requests.filter((r) => r.action === 'GetTemplateSummary').length, 1, 'kept until the template changes');

      // The tree draws what the inventory holds.
      const roots = buildRootNodes(first, { instances: async () => [], events: async () => [] }, true);
      const stack = (await roots[0]!.getChildren!())[0] as ExplorerNode;
      const parametersSection = (await stack.getChildren!())[2] as ExplorerNode;
      const rows = (await parametersSection.getChildren!()).map((n) => n.getTreeItem() as vscode.TreeItem);
      assert.deepEqual(rows.map((r) => [r.label, r.description]), [['AdminPassword', '•••••••• (NoEcho)'], ['InstanceType', 't3.medium']]);
    } finally {
      await clients.dispose();
    }
  });

  it('imaging-lab stacks --json and the table never print it', async () => {
    const json = await runCliForTest(['stacks', '--region', REGION, '--json'], { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
    assert.equal(json.code, 0, json.err);
    assert.ok(!json.out.includes(SECRET), 'the clear value is not in the JSON');
    const parameters = (JSON.parse(json.out) as { stacks: { parameters: unknown }[] }).stacks[0]?.parameters;
    assert.deepEqual(parameters, [{ key: 'AdminPassword', value: '****', masked: true }, { key: 'InstanceType', value: 't3.medium', masked: false }]);
    const table = await runCliForTest(['stacks', '--region', REGION], { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
    assert.ok(!`${table.out}${table.err}`.includes(SECRET));
  });
});

describe('when the declarations cannot be read, every value is hidden', () => {
  it('masks all parameters of that stack, and asks again on the next listing', async () => {
    const aws = await mockAws();
    aws.cfn.on(GetTemplateSummaryCommand).rejectsOnce(Object.assign(new Error('denied'), { name: 'AccessDenied', $metadata: {} })).resolves({ Parameters: [{ ParameterKey: 'Token', NoEcho: true }] });
    const stack = { StackName: STACK_NAME, StackId: STACK_ID, StackStatus: 'CREATE_COMPLETE' as const, CreationTime: new Date(), Parameters: [{ ParameterKey: 'Token', ParameterValue: 'abc' }, { ParameterKey: 'Size', ParameterValue: 'm' }] };
    const declarations = new NoEchoDeclarations();
    const unknown = toStackInfo(stack, REGION, await declarations.of(aws.clients, REGION, stack));
    assert.deepEqual(unknown.parameters.map((p) => [p.key, p.value]), [['Token', '****'], ['Size', '****']]);
    const known = toStackInfo(stack, REGION, await declarations.of(aws.clients, REGION, stack));
    assert.deepEqual(known.parameters.map((p) => [p.key, p.value]), [['Token', '****'], ['Size', 'm']]);
    assert.deepEqual(toStackInfo(stack, REGION).parameters.map((p) => p.value), ['****', '****'], 'no declarations given: nothing shown');
  });
});
