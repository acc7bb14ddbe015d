import { plannedEksCluster } from './eksClusters';
import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';

/** A CA certificate PEM the fake hands out as a cluster's (never used to trust anything). */
const FAKE_CLUSTER_CA = Buffer.from('-----BEGIN CERTIFICATE-----\nZmFrZSBjbHVzdGVyIENB\n-----END CERTIFICATE-----\n').toString('base64');

function clusterShape(state: FakeAwsState, region: string, name: string, stackName: string, createdAt: number, endpoint: string, ca: string) {
  return {
    cluster: {
      name,
      arn: `arn:aws:eks:${region}:${state.account.accountId}:cluster/${name}`,
      createdAt: Math.floor(createdAt / 1000),
      version: '1.36',
      endpoint,
      roleArn: `arn:aws:iam::${state.account.accountId}:role/${name}-cluster`,
      status: 'ACTIVE',
      certificateAuthority: { data: ca },
      platformVersion: 'eks.1',
      accessConfig: { authenticationMode: 'API' },
      tags: { 'aws:cloudformation:stack-name': stackName },
    },
  };
}

/** EKS (restJson1) DescribeCluster: `GET /clusters/{name}`; shapes and codes as in the EKS API reference. */
export const eksHandlers: Record<string, (state: FakeAwsState, region: string, name: string) => unknown> = {
  DescribeCluster(state, region, name) {
    // A cluster planned by a journey test (POST /__fakeaws/eks-cluster): its loopback stand-in API server.
    const planned = plannedEksCluster(state, region, name);
    if (planned) return clusterShape(state, region, name, planned.cluster.stackName, planned.createdAt, planned.cluster.endpoint, planned.cluster.certificateAuthorityData);
    const found = state.stacks.find((s) => s.region === region && s.resources.some((r) => r.type === 'AWS::EKS::Cluster' && r.physicalId === name && state.resourceStatus(s, r.logicalId) === 'CREATE_COMPLETE'));
    if (!found) throw new FakeAwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404);
    // Loopback only: nothing in the tests contacts a real address.
    return clusterShape(state, region, name, found.name, found.createdAt, 'https://127.0.0.1:6443', FAKE_CLUSTER_CA);
  },
};
