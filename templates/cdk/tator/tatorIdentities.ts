import { Aws, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as efs from 'aws-cdk-lib/aws-efs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TATOR_NAMESPACE, TATOR_SERVICE_ACCOUNT } from '../../../src/core/kinds/tator/tatorPods';
import type { TatorCluster } from './tatorCluster';

export interface TatorIdentitiesProps {
  readonly cluster: TatorCluster;
  readonly fileSystem: efs.FileSystem;
  readonly mediaBucket: s3.Bucket;
  readonly key: kms.IKey;
}

/**
 * Roles handed to pods through EKS Pod Identity (no OIDC provider, no access keys): the EFS CSI
 * driver's controller (seed: "Install EFS CSI driver" by hand), and Tator's service account, which
 * reaches the media bucket instead of upstream's MinIO keys.
 */
export class TatorIdentities extends Construct {
  readonly efsCsiDriver: eks.CfnAddon;
  readonly tatorAssociation: eks.CfnPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: TatorIdentitiesProps) {
    super(scope, id);
    const efsRole = podRole(this, 'EfsCsiControllerRole');
    // Static provisioning only: the controller looks at this file system and never creates access points.
    efsRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets', 'elasticfilesystem:DescribeAccessPoints'],
        resources: [props.fileSystem.fileSystemArn],
      }),
    );
    efsRole.addToPolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeAvailabilityZones'], resources: ['*'] }));
    Validations.of(efsRole).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'ec2:DescribeAvailabilityZones supports no resource-level permission; every EFS action is limited to this stack file system.' },
      { id: 'HIPAA.Security-IAMNoInlinePolicy', reason: 'The policy is specific to this stack file system and belongs to this one role; a managed policy would add a resource without limiting anything.' },
    );
    this.efsCsiDriver = props.cluster.addon('aws-efs-csi-driver', { serviceAccount: 'efs-csi-controller-sa', roleArn: efsRole.roleArn });

    const tatorRole = podRole(this, 'TatorRole');
    // What Tator's S3 store does (main/store.py): list, read, write, copy, delete, tag, restore, multipart.
    tatorRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [props.mediaBucket.bucketArn],
      }),
    );
    tatorRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:GetObjectTagging',
          's3:PutObjectTagging',
          's3:RestoreObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        resources: [props.mediaBucket.arnForObjects('*')],
      }),
    );
    tatorRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
      }),
    );
    Validations.of(tatorRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.mediaBucket.node.defaultChild as CfnElement)}.Arn>/*]`,
        reason: 'Object actions on the keys of this stack media bucket only: Tator names its own keys, so they cannot be listed in advance.',
      },
      { id: 'HIPAA.Security-IAMNoInlinePolicy', reason: 'The policy is specific to this stack media bucket and belongs to this one role; a managed policy would add a resource without limiting anything.' },
    );
    this.tatorAssociation = new eks.CfnPodIdentityAssociation(this, 'TatorAssociation', {
      clusterName: props.cluster.cluster.ref,
      namespace: TATOR_NAMESPACE,
      serviceAccount: TATOR_SERVICE_ACCOUNT,
      roleArn: tatorRole.roleArn,
    });
    this.tatorAssociation.node.addDependency(props.cluster.cluster);
  }
}

/** A role only the EKS Pod Identity agent of this account can hand out. */
function podRole(scope: Construct, id: string): iam.Role {
  const principal = new iam.ServicePrincipal('pods.eks.amazonaws.com').withConditions({ StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } });
  const role = new iam.Role(scope, id, { assumedBy: principal });
  role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({ actions: ['sts:TagSession'], principals: [principal] }));
  return role;
}
