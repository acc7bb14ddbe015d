import { validationError } from './errors';
import type { FakeAwsState } from './state';

/**
 * Body of `POST /__fakeaws/eks-cluster`: the EKS cluster a (planned) stack creates, answered by
 * DescribeCluster once that stack is complete, with the endpoint and certificate authority of a
 * loopback stand-in API server, so a written kubeconfig can really be used.
 */
export interface PlannedEksCluster {
  readonly region: string;
  readonly stackName: string;
  readonly clusterName: string;
  /** https://127.0.0.1:<port> of the stand-in. */
  readonly endpoint: string;
  /** Base64 of the stand-in's CA certificate PEM. */
  readonly certificateAuthorityData: string;
}

const clusters = new WeakMap<FakeAwsState, PlannedEksCluster[]>();

export function planEksCluster(state: FakeAwsState, body: unknown): PlannedEksCluster {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (key: string, pattern: RegExp): string => {
    const value = b[key];
    if (typeof value !== 'string' || !pattern.test(value)) throw validationError(`eks-cluster: '${key}' is missing or malformed`);
    return value;
  };
  const cluster: PlannedEksCluster = {
    region: text('region', /^[a-z]{2}(-[a-z]+)+-\d$/),
    stackName: text('stackName', /^[A-Za-z][-A-Za-z0-9]{0,127}$/),
    clusterName: text('clusterName', /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/),
    // Loopback only: nothing in the tests may contact another address.
    endpoint: text('endpoint', /^https:\/\/127\.0\.0\.1:\d{1,5}$/),
    certificateAuthorityData: text('certificateAuthorityData', /^[A-Za-z0-9+/]+={0,2}$/),
  };
  const list = clusters.get(state) ?? [];
  clusters.set(state, [...list.filter((c) => !(c.region === cluster.region && c.clusterName === cluster.clusterName)), cluster]);
  return cluster;
}

/** The planned cluster of this name, once its stack exists and is complete. */
export function plannedEksCluster(state: FakeAwsState, region: string, name: string): { cluster: PlannedEksCluster; createdAt: number } | undefined {
  const cluster = clusters.get(state)?.find((c) => c.region === region && c.clusterName === name);
  const stack = cluster && state.stacks.find((s) => s.region === region && s.name === cluster.stackName && /_COMPLETE$/.test(state.status(s)) && !/DELETE|ROLLBACK/.test(state.status(s)));
  return cluster && stack ? { cluster, createdAt: stack.createdAt } : undefined;
}
