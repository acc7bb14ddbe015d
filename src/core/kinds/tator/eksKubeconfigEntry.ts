import { DescribeClusterCommand, type Cluster, type EKSClient } from '@aws-sdk/client-eks';

/** A cluster as DescribeCluster reports it, after every field was checked. */
export interface EksClusterInfo {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  /** https://… of the Kubernetes API server. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster's certificate authority, as kubeconfig carries it. */
  readonly certificateAuthorityData: string;
}

/** The cluster, context and user entries to merge into a kubeconfig, keys in the order kubectl writes them. */
export interface KubeconfigEntry {
  readonly contextName: string;
  readonly cluster: { readonly cluster: { readonly 'certificate-authority-data': string; readonly server: string }; readonly name: string };
  readonly context: { readonly context: { readonly cluster: string; readonly user: string }; readonly name: string };
  readonly user: { readonly name: string; readonly user: { readonly exec: KubeconfigExec } };
}

interface KubeconfigExec {
  readonly apiVersion: 'client.authentication.k8s.io/v1beta1';
  readonly command: 'aws';
  readonly args: readonly string[];
  readonly env?: readonly { readonly name: 'AWS_PROFILE'; readonly value: string }[];
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;
const PROFILE = /^[A-Za-z0-9_.+@-]{1,64}$/;
const ENDPOINT = /^https:\/\/[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?$/;
const BASE64 = /^[A-Za-z0-9+/]{64,}={0,2}$/;

/** Checks what DescribeCluster returned: it comes from the account, so it is untrusted. */
export function clusterInfo(cluster: Cluster | undefined, region: string): EksClusterInfo {
  const name = cluster?.name ?? '';
  if (!CLUSTER_NAME.test(name)) throw new KubeconfigError('EKS returned a cluster without a valid name; nothing was written.');
  if (!REGION.test(region)) throw new KubeconfigError(`'${region}' is not an AWS region name; nothing was written.`);
  if (cluster?.status !== 'ACTIVE') {
    throw new KubeconfigError(`Cluster ${name} is ${cluster?.status ?? 'in an unknown state'}, not ACTIVE: wait until its stack is complete, then write the kubeconfig again.`);
  }
  const arn = cluster.arn ?? '';
  if (!new RegExp(`^arn:aws[a-z-]*:eks:${region}:[0-9]{12}:cluster/${name}$`).test(arn)) {
    throw new KubeconfigError(`Cluster ${name} has an unexpected ARN; nothing was written.`);
  }
  const endpoint = cluster.endpoint ?? '';
  if (!ENDPOINT.test(endpoint)) throw new KubeconfigError(`Cluster ${name} has no HTTPS API endpoint; nothing was written.`);
  const ca = cluster.certificateAuthority?.data ?? '';
  if (!BASE64.test(ca) || !Buffer.from(ca, 'base64').toString('latin1').startsWith('-----BEGIN CERTIFICATE-----')) {
    throw new KubeconfigError(`Cluster ${name} has no certificate authority in PEM form; nothing was written.`);
  }
  return { name, arn, region, endpoint, certificateAuthorityData: ca };
}

/** DescribeCluster, checked. */
export async function describeEksCluster(client: EKSClient, name: string, region: string, signal?: AbortSignal): Promise<EksClusterInfo> {
  if (!CLUSTER_NAME.test(name)) throw new KubeconfigError(`'${name.slice(0, 100)}' is not an EKS cluster name.`);
  const out = await client.send(new DescribeClusterCommand({ name }), { abortSignal: signal });
  return clusterInfo(out.cluster, region);
}

/**
 * The entries `aws eks update-kubeconfig` writes (cluster, user and context named by the cluster ARN,
 * so running either tool later updates the same entries), with the token from `aws eks get-token`.
 */
export function kubeconfigEntry(info: EksClusterInfo, options: { readonly profile?: string; readonly contextName?: string } = {}): KubeconfigEntry {
  if (options.profile !== undefined && !PROFILE.test(options.profile)) throw new KubeconfigError(`'${options.profile}' is not an AWS profile name.`);
  const contextName = options.contextName ?? info.arn;
  if (!/^[A-Za-z0-9][A-Za-z0-9:/@._-]{0,252}$/.test(contextName)) throw new KubeconfigError(`'${contextName}' cannot name a kubeconfig context.`);
  const exec: KubeconfigExec = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: ['--region', info.region, 'eks', 'get-token', '--cluster-name', info.name, '--output', 'json'],
    ...(options.profile ? { env: [{ name: 'AWS_PROFILE', value: options.profile }] } : {}),
  };
  return {
    contextName,
    cluster: { cluster: { 'certificate-authority-data': info.certificateAuthorityData, server: info.endpoint }, name: info.arn },
    context: { context: { cluster: info.arn, user: info.arn }, name: contextName },
    user: { name: info.arn, user: { exec } },
  };
}
