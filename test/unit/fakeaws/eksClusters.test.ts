import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsClients } from '../../../src/core/aws/clients';
import { createStack } from '../../../src/core/deploy/createStack';
import { describeEksCluster } from '../../../src/core/kinds/tator/eksKubeconfigEntry';
import { writeEksKubeconfig } from '../../../src/core/kinds/tator/kubeconfigFile';
import { generateCertificateAuthority } from '../../../src/core/pki/certificates';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';

const REGION = 'us-east-1';
const TEMPLATE = JSON.stringify({ Resources: { Cluster: { Type: 'AWS::EKS::Cluster', Properties: {} } }, Outputs: { ClusterName: { Value: { Ref: 'Cluster' } } } });

describe('fake EKS: a planned stack\'s cluster answers DescribeCluster with its stand-in API server', () => {
  let fake: FakeAws;
  let clients: AwsClients;
  let now = 0;
  let saved: string | undefined;
  beforeEach(async () => {
    now = 0;
    const base = Date.now();
    fake = await startFakeAws({ accountId: '111122223333', userName: 'r', operationDurationMs: 2000, regions: { [REGION]: { stacks: [] } } }, { clock: () => base + now + (Date.now() - base) });
    saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await clients.dispose();
    await fake.close();
  });

  const control = (body: unknown) => fetch(`${fake.url}/__fakeaws/eks-cluster`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses a non-loopback endpoint, answers only once the stack is complete, then a kubeconfig can be written from it', async () => {
    const ca = Buffer.from((await generateCertificateAuthority({ commonName: 'stand-in CA' })).certificatePem).toString('base64');
    const plan = { region: REGION, stackName: 'tator-planned', clusterName: 'tator-planned-eks', endpoint: 'https://127.0.0.1:16443', certificateAuthorityData: ca };
    const refused = await control({ ...plan, endpoint: 'https://10.0.0.1:443' });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: string }).error, /'endpoint'/);
    assert.equal((await control(plan)).status, 200);

    const eks = await clients.eks(REGION);
    await assert.rejects(describeEksCluster(eks, 'tator-planned-eks', REGION), { name: 'ResourceNotFoundException' });
    await createStack(clients, { region: REGION, stackName: 'tator-planned', template: { body: TEMPLATE }, parameters: {}, capabilities: [], tags: [], terminationProtection: false, onFailure: 'ROLLBACK', clientRequestToken: 't-1' });
    await assert.rejects(describeEksCluster(eks, 'tator-planned-eks', REGION), { name: 'ResourceNotFoundException' }, 'not while the stack is being created');
    now += 5000;
    const info = await describeEksCluster(eks, 'tator-planned-eks', REGION);
    assert.deepEqual(info, { name: 'tator-planned-eks', arn: 'arn:aws:eks:us-east-1:111122223333:cluster/tator-planned-eks', region: REGION, endpoint: 'https://127.0.0.1:16443', certificateAuthorityData: ca });

    const file = join(mkdtempSync(join(tmpdir(), 'il-eks-')), 'config');
    const written = await writeEksKubeconfig(eks, { clusterName: 'tator-planned-eks', region: REGION, path: file, profile: 'lab' });
    assert.equal(written.changed, true);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes('server: https://127.0.0.1:16443'), text);
    assert.ok(text.includes(`certificate-authority-data: ${ca}`));
    assert.match(text, /current-context: arn:aws:eks:us-east-1:111122223333:cluster\/tator-planned-eks/);
    assert.match(text, /name: AWS_PROFILE\n\s+value: lab/);
    assert.deepEqual(fake.requests.filter((r) => r.service === 'eks').map((r) => r.action), ['DescribeCluster', 'DescribeCluster', 'DescribeCluster', 'DescribeCluster']);
  });
});
