import { Aws, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MAX_WORKERS, type TatorParameters } from './tatorParameters';

/**
 * Kubernetes 1.36: in EKS standard support since June 2026 and until mid-2027 (14 months), and the
 * version whose OpenAPI schemas (kubernetes-models 5.1) the manifests are checked against.
 */
export const KUBERNETES_VERSION = '1.36';
/** The cluster's control-plane logs go here; created first so it is encrypted and expires. */
const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator'];

export interface TatorClusterProps {
  readonly vpc: ec2.Vpc;
  readonly key: kms.Key;
  readonly params: TatorParameters;
}

/** EKS cluster with API authentication (access entries) and upstream's two node groups, managed. */
export class TatorCluster extends Construct {
  readonly cluster: eks.CfnCluster;
  /** The security group EKS gives the control plane and the managed nodes. */
  readonly nodeSecurityGroupId: string;
  readonly cpuNodes: eks.CfnNodegroup;
  readonly gpuNodes: eks.CfnNodegroup;
  /** Add-ons the nodes need before they can become Ready. */
  readonly nodeAddons: eks.CfnAddon[];

  constructor(scope: Construct, id: string, props: TatorClusterProps) {
    super(scope, id);
    const { vpc, key, params } = props;
    const clusterRole = new iam.Role(this, 'ClusterRole', {
      assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
    });
    clusterRole.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({ actions: ['sts:TagSession'], principals: [new iam.ServicePrincipal('eks.amazonaws.com')] }),
    );
    key.grant(clusterRole, 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:CreateGrant');
    acknowledgeManagedPolicies(clusterRole, ['AmazonEKSClusterPolicy'], 'AmazonEKSClusterPolicy is what EKS requires of a cluster role; it only acts on resources EKS creates for this cluster.');
    Validations.of(clusterRole).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: 'The inline policy only lets the cluster use the stack key to envelope-encrypt Kubernetes secrets; it belongs to this one role.',
    });

    const controlPlaneLogs = new logs.LogGroup(this, 'ControlPlaneLogs', {
      logGroupName: Fn.join('', ['/aws/eks/', Aws.STACK_NAME, '/cluster']),
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.cluster = new eks.CfnCluster(this, 'Cluster', {
      // The stack's name: unique per region and account, and what the log group above expects.
      name: Aws.STACK_NAME,
      version: KUBERNETES_VERSION,
      roleArn: clusterRole.roleArn,
      resourcesVpcConfig: {
        subnetIds: vpc.privateSubnets.map((s) => s.subnetId),
        endpointPrivateAccess: true,
        // "Write kubeconfig" works from the deployer's address only; nodes and the installer use the private endpoint.
        endpointPublicAccess: true,
        publicAccessCidrs: [params.allowedCidr.valueAsString],
      },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      encryptionConfig: [{ provider: { keyArn: key.keyArn }, resources: ['secrets'] }],
      logging: { clusterLogging: { enabledTypes: CONTROL_PLANE_LOGS.map((type) => ({ type })) } },
      // The add-ons below are EKS-managed from the start instead of self-managed copies.
      bootstrapSelfManagedAddons: false,
      // At the end of standard support EKS upgrades the cluster instead of billing extended support ($0.50/h more).
      upgradePolicy: { supportType: 'STANDARD' },
    });
    this.cluster.node.addDependency(controlPlaneLogs);
    this.cluster.node.addDependency(clusterRole);
    this.nodeSecurityGroupId = this.cluster.attrClusterSecurityGroupId;
    Validations.of(this.cluster).acknowledge(
      {
        id: 'AwsSolutions-EKS1',
        reason: 'The public endpoint admits only the AllowedCidr range (the deployer /32), so "Write kubeconfig" works from the deployer machine; IAM still authenticates every call.',
      },
      ...['controllerManager', 'scheduler'].map((type) => ({
        id: `AwsSolutions-EKS2[LogExport::${type}]`,
        reason: 'api, audit and authenticator logs are kept for a year; controllerManager and scheduler logs are chatty, cost CloudWatch ingestion and hold no access records.',
      })),
      {
        id: 'CloudFormation-Validate::W9009',
        reason: 'EKS encrypts Kubernetes secrets by default with an AWS owned key; this configuration puts them under the stack key instead, which the API still accepts.',
      },
    );

    this.nodeAddons = ['vpc-cni', 'kube-proxy', 'eks-pod-identity-agent'].map((name) => this.addon(name));
    const nodeRole = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: NODE_POLICIES.map((n) => iam.ManagedPolicy.fromAwsManagedPolicyName(n)),
    });
    acknowledgeManagedPolicies(nodeRole, NODE_POLICIES, 'The AWS managed policies EKS documents for managed node groups (kubelet, VPC CNI, ECR pulls); pods cannot reach them (IMDS hop limit 1).');
    const workerLabels = (gpu: boolean) => ({ cpuWorker: gpu ? 'no' : 'yes', gpuWorker: gpu ? 'yes' : 'no', webServer: gpu ? 'no' : 'yes', dbServer: 'no' });
    this.cpuNodes = this.nodegroup('CpuWorkers', {
      nodeRole,
      subnets: vpc.privateSubnets.map((s) => s.subnetId),
      amiType: 'BOTTLEROCKET_x86_64',
      instanceType: params.cpuInstanceType.valueAsString,
      minSize: 1,
      desiredSize: params.cpuWorkers.valueAsNumber,
      labels: workerLabels(false),
      dataGiB: 50,
    });
    // Bottlerocket's NVIDIA variant ships the driver and the NVIDIA device plugin (seed: "Install the NVIDIA device plugin").
    this.gpuNodes = this.nodegroup('GpuWorkers', {
      nodeRole,
      subnets: vpc.privateSubnets.map((s) => s.subnetId),
      amiType: 'BOTTLEROCKET_x86_64_NVIDIA',
      instanceType: params.gpuInstanceType.valueAsString,
      minSize: 0,
      desiredSize: params.gpuWorkers.valueAsNumber,
      labels: workerLabels(true),
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }],
      dataGiB: 100,
    });
  }

  /** An EKS-managed add-on at the default version for the cluster's Kubernetes version. */
  addon(name: string, podIdentity?: eks.CfnAddon.PodIdentityAssociationProperty): eks.CfnAddon {
    const addon = new eks.CfnAddon(this, `Addon-${name}`, {
      clusterName: this.cluster.ref,
      addonName: name,
      resolveConflicts: 'OVERWRITE',
      ...(podIdentity ? { podIdentityAssociations: [podIdentity] } : {}),
    });
    return addon;
  }

  private nodegroup(id: string, o: NodegroupOptions): eks.CfnNodegroup {
    // Encrypted gp3 volumes (Bottlerocket: OS on xvda, images and containers on xvdb) and IMDSv2 with
    // one hop, so containers cannot borrow the node's role; node components run on the host network.
    const template = new ec2.CfnLaunchTemplate(this, `${id}LaunchTemplate`, {
      launchTemplateData: {
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          { deviceName: '/dev/xvda', ebs: { volumeSize: 8, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
          { deviceName: '/dev/xvdb', ebs: { volumeSize: o.dataGiB, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
        ],
        tagSpecifications: [{ resourceType: 'instance', tags: [{ key: 'Name', value: Fn.join('-', [Aws.STACK_NAME, id]) }] }],
      },
    });
    const group = new eks.CfnNodegroup(this, id, {
      clusterName: this.cluster.ref,
      nodeRole: o.nodeRole.roleArn,
      subnets: o.subnets,
      amiType: o.amiType,
      instanceTypes: [o.instanceType],
      capacityType: 'ON_DEMAND',
      scalingConfig: { minSize: o.minSize, maxSize: MAX_WORKERS, desiredSize: o.desiredSize },
      labels: o.labels,
      ...(o.taints ? { taints: o.taints } : {}),
      launchTemplate: { id: template.ref, version: template.attrLatestVersionNumber },
      updateConfig: { maxUnavailable: 1 },
    });
    group.node.addDependency(...this.nodeAddons);
    group.node.addDependency(o.nodeRole);
    return group;
  }
}

interface NodegroupOptions {
  readonly nodeRole: iam.Role;
  readonly subnets: string[];
  readonly amiType: string;
  readonly instanceType: string;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly labels: Record<string, string>;
  readonly taints?: eks.CfnNodegroup.TaintProperty[];
  readonly dataGiB: number;
}

const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'];

function acknowledgeManagedPolicies(role: iam.Role, policies: readonly string[], reason: string): void {
  Validations.of(role).acknowledge(...policies.map((p) => ({ id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`, reason })));
}

