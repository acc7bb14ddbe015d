import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';

/** A CA certificate PEM the fake hands out as a cluster's (never used to trust anything). */
const FAKE_CLUSTER_CA = Buffer.from('-----BEGIN CERTIFICATE-----\nZmFrZSBjbHVzdGVyIENB\n-----END CERTIFICATE-----\n').toString('base64');

/** EKS (restJson1) DescribeCluster: `GET /clusters/{name}`; shapes and codes as in the EKS API reference. */
export const eksHandlers: Record<string, (state: FakeAwsState, region: string, name: string) => unknown> = {
  DescribeCluster(state, region, name) {
    const found = state.stacks.find((s) => s.region === region && s.resources.some((r) => r.type === 'AWS::EKS::Cluster' && r.physicalId === name && state.resourceStatus(s, r.logicalId) === 'CREATE_COMPLETE'));
    if (!found) throw new FakeAwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404);
    return {
      cluster: {
        name,
        arn: `arn:aws:eks:${region}:${state.account.accountId}:cluster/${name}`,
        createdAt: Math.floor(found.createdAt / 1000),
        version: '1.31',
        // Loopback only: nothing in the tests contacts a real address.
        endpoint: 'https://127.0.0.1:6443',
        roleArn: `arn:aws:iam::${state.account.accountId}:role/${name}-cluster`,
        status: 'ACTIVE',
        certificateAuthority: { data: FAKE_CLUSTER_CA },
        platformVersion: 'eks.1',
        tags: { 'aws:cloudformation:stack-name': found.name },
      },
    };
  },
};
