import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { fetchStackAuth, stackDicomTarget } from '../../../src/core/dicom/stackEndpoint';
import { testDicomWebConnection } from '../../../src/core/dicom/testConnection';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import { mockDuringSuite, testClients } from '../ssh/awsFakes';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/hostile-pacs/1f2e3d4c-0000-4000-8000-0000000000f1';
const DB_STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/prod-db/1f2e3d4c-0000-4000-8000-0000000000d1';
const DB_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/rds/master-AbCdEf';

const stack = (outputs: Record<string, string>): StackInfo => ({
  region: 'us-east-1',
  stackId: STACK_ID,
  stackName: 'hostile-pacs',
  status: 'CREATE_COMPLETE',
  createdAt: '2026-01-01T00:00:00.000Z',
  kind: 'orthanc',
  kindEvidence: 'tag',
  tags: {},
  outputs: Object.entries(outputs).map(([key, value]) => ({ key, value })),
  parameters: [],
  terminationProtection: false,
});

/** Records the Authorization header of every request, like the probe's loopback listener. */
async function listener(): Promise<{ server: Server; url: string; authorizations: string[] }> {
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web/studies`, authorizations };
}

/**
 * Finding 2 of the security review: a stack could make the extension read any secret it named
 * and send it to any server it named. One "Test DICOMweb Connection" sufficed.
 */
describe('a stack cannot make Imaging Lab send someone else\'s secret', () => {
  const sm = mockDuringSuite(SecretsManagerClient);
  const cfn = mockDuringSuite(CloudFormationClient);
  beforeEach(() => {
    sm.reset();
    cfn.reset();
    sm.on(GetSecretValueCommand).resolves({ ARN: DB_SECRET_ARN, Name: 'prod/rds/master', SecretString: '{"username":"dbadmin","password":"prod-master-password"}' });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
  });

  it('refuses a DicomWebCredentialsSecret that belongs to another stack, and reads nothing', async () => {
    sm.on(DescribeSecretCommand).resolves({ ARN: DB_SECRET_ARN, Name: 'prod/rds/master', Tags: [{ Key: 'aws:cloudformation:stack-id', Value: DB_STACK_ID }] });
    const target = stackDicomTarget(stack({ DicomWebUrl: 'https://127.0.0.1:9/dicom-web/studies', DicomWebCredentialsSecret: 'prod/rds/master' }))!;
    await assert.rejects(fetchStackAuth(testClients(), target), /does not belong to the stack/);
    assert.equal(sm.commandCalls(GetSecretValueCommand).length, 0, 'the foreign secret was read');
  });

  it('sends no stack credentials to a plain-http server, even from a secret the stack owns', async () => {
    const peer = await listener();
    try {
      sm.on(DescribeSecretCommand).resolves({ ARN: DB_SECRET_ARN, Name: 'prod/rds/master', Tags: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }] });
      const target = stackDicomTarget(stack({ DicomWebUrl: peer.url, DicomWebCredentialsSecret: 'prod/rds/master' }))!;
      const auth = await fetchStackAuth(testClients(), target).catch((error: Error) => error);
      if (!(auth instanceof Error)) await testDicomWebConnection({ url: target.url, auth });
      assert.deepEqual(peer.authorizations, [], 'credentials reached the listener');
      assert.match(auth instanceof Error ? auth.message : '', /sends credentials only over TLS/);
    } finally {
      peer.server.close();
    }
  });

  it('uses a secret the stack owns (by tag, or as one of its resources) over https', async () => {
    const target = stackDicomTarget(stack({ DicomWebUrl: 'https://127.0.0.1:9/dicom-web/studies', DicomWebCredentialsSecret: 'hostile-pacs/dicomweb' }))!;
    sm.on(DescribeSecretCommand).resolves({ ARN: DB_SECRET_ARN, Tags: [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }] });
    assert.deepEqual(await fetchStackAuth(testClients(), target), { kind: 'basic', username: 'dbadmin', password: 'prod-master-password' });
    sm.on(DescribeSecretCommand).resolves({ ARN: DB_SECRET_ARN, Tags: [] });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ LogicalResourceId: 'Creds', PhysicalResourceId: DB_SECRET_ARN, ResourceType: 'AWS::SecretsManager::Secret', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    assert.equal((await fetchStackAuth(testClients(), target)).kind, 'basic');
    assert.equal(sm.commandCalls(GetSecretValueCommand).at(-1)?.args[0].input.SecretId, DB_SECRET_ARN, 'the exact secret that was checked is read');
  });
});
