import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucket } from '../common/secureBucket';

export interface TatorStorageProps {
  readonly vpc: ec2.Vpc;
  readonly key: kms.Key;
  /** The nodes' security group: the only source allowed to mount EFS. */
  readonly nodeSecurityGroupId: string;
}

/**
 * Seed: "Create an EFS filesystem in the same VPC ... with an NFS security policy that allows inbound
 * traffic on port 2049" (by hand, in the console) and MinIO for objects. Here EFS with a mount target
 * per private subnet, NFS open to the nodes only and TLS required; S3 instead of MinIO.
 */
export class TatorStorage extends Construct {
  readonly fileSystem: efs.FileSystem;
  readonly mediaBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: TatorStorageProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'EfsSecurityGroup', {
      vpc: props.vpc,
      description: 'Tator EFS: NFS (2049) from the EKS nodes only',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.securityGroupId(props.nodeSecurityGroupId), ec2.Port.tcp(2049), 'NFS from the EKS nodes');

    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: { subnets: props.vpc.privateSubnets },
      securityGroup,
      encrypted: true,
      kmsKey: props.key,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      lifecyclePolicy: efs.LifecyclePolicy.AFTER_30_DAYS,
      enableAutomaticBackups: true,
      // As upstream, nodes mount without IAM authentication; the security group admits the nodes only.
      allowAnonymousAccess: true,
      // Media is user data: deleting the stack deletes it (AWS Backup keeps its recovery points).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.fileSystem).acknowledge({
      id: 'HIPAA.Security-EFSInBackupPlan',
      reason: 'Automatic backups are on: EFS adds the file system to the AWS Backup default plan (daily, 35 days), which this rule does not read.',
    });
    // The console's "enforce in-transit encryption" policy: clients reach the file system through a
    // mount target (read, write, root), and never without TLS (the manifests' `tls` mount option).
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
        conditions: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
      }),
    );
    this.fileSystem.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['*'],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );

    const logs = secureBucket(this, 'AccessLogs', { encryptionKey: props.key, noncurrentDays: 30 });
    this.mediaBucket = secureBucket(this, 'Media', { encryptionKey: props.key, accessLogs: logs, noncurrentDays: 30 });
    // Browsers upload and download media with presigned URLs from Tator's origin (the load balancer's
    // name, only known after install); the signature, not the origin, authorises each request.
    this.mediaBucket.addCorsRule({
      allowedOrigins: ['*'],
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.PUT, s3.HttpMethods.HEAD],
      allowedHeaders: ['*'],
      exposedHeaders: ['ETag'],
      maxAge: 3600,
    });
    Validations.of(this.mediaBucket).acknowledge({
      id: 'HIPAA.Security-S3BucketReplicationEnabled',
      reason: 'Tator media of a single-region stack; replication would copy it to a second region the user did not choose.',
    });
  }
}
