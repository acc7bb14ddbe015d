import { Aws, Duration, Fn, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { TAG_ROLE } from '../../../src/core/kinds/stackContract';
import type { StowrsEndpoint } from './stowrsEndpoint';
import type { StowrsParameters } from './stowrsParameters';
import type { StowrsStorage } from './stowrsStorage';
import { userDataParts } from './stowrsUserData';

/** Amazon Linux 2023 for Graviton, resolved at deploy time (no AMI question in the form). */
export const AL2023_ARM64_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
/** Logical id the installer signals; it must not change. */
export const STOWRS_ASG_LOGICAL_ID = 'StowrsAutoScalingGroup';

/**
 * One instance in an Auto Scaling group of one: the load balancer's health checks replace it when
 * /health stops answering, systemd restarts the service if it exits, and a rolling update
 * replaces it (waiting for its signal) when the bundle or a setting changes.
 */
export class StowrsServer extends Construct {
  readonly group: autoscaling.CfnAutoScalingGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, params: StowrsParameters, storage: StowrsStorage, endpoint: StowrsEndpoint, topic: sns.ITopic) {
    super(scope, id);
    const stack = Stack.of(this);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'STOW-RS instance: write DICOM to its bucket, keep its endpoint certificate, ship its logs, signal its stack',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'The AWS-maintained minimal policy for Session Manager: the only way into the instance (it has no SSH key and no open admin port).',
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'STOW-RS instance: exactly its bucket, bundle, key, secret, parameters, log group and stack',
      roles: [this.role],
      statements: [
        // Multipart uploads are PutObject calls plus AbortMultipartUpload for a client that went away.
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [storage.dicomBucket.arnForObjects('*')] }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [`arn:${Aws.PARTITION}:s3:::${params.bundleBucket.valueAsString}/${params.bundleKey.valueAsString}`],
        }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [storage.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': [`s3.${stack.region}.amazonaws.com`, `secretsmanager.${stack.region}.amazonaws.com`] } },
        }),
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], resources: [storage.serverSecret.secretArn] }),
        new iam.PolicyStatement({
          actions: ['ssm:PutParameter'],
          resources: [storage.fingerprintParameter.parameterArn, storage.certificateParameter.parameterArn],
        }),
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [storage.serviceLogs.logGroupArn],
        }),
        new iam.PolicyStatement({ actions: ['cloudformation:SignalResource'], resources: [stack.stackId] }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(storage.dicomBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'Wildcards are object keys inside this stack bucket (any study/series/instance) and log streams inside this stack log group; every resource is named and owned by the stack.',
    });
    const profile = new iam.CfnInstanceProfile(this, 'InstanceProfile', { roles: [this.role.roleName] });

    const exports: [string, string][] = [
      ['STOWRS_STACK_NAME', Aws.STACK_NAME],
      ['STOWRS_REGION', Aws.REGION],
      ['STOWRS_SIGNAL_RESOURCE', STOWRS_ASG_LOGICAL_ID],
      ['STOWRS_BUCKET', storage.dicomBucket.bucketName],
      ['STOWRS_PREFIX', params.prefix.valueAsString],
      ['STOWRS_WADOURL', params.wadoUrl.valueAsString],
      ['STOWRS_LOGLEVEL', params.logLevel.valueAsString],
      ['STOWRS_TLS_MODE', params.tlsMode.valueAsString],
      ['STOWRS_CLIENT_CA', params.clientCaCertificate.valueAsString],
      ['STOWRS_ENDPOINT_NAME', endpoint.loadBalancer.loadBalancerDnsName],
      ['STOWRS_DOMAIN_NAME', params.domainName.valueAsString],
      ['STOWRS_NODE_MAJOR', params.nodeMajor.valueAsString],
      ['STOWRS_BUNDLE_BUCKET', params.bundleBucket.valueAsString],
      ['STOWRS_BUNDLE_KEY', params.bundleKey.valueAsString],
      ['STOWRS_BUNDLE_SHA256', params.bundleSha256.valueAsString],
      ['STOWRS_SERVER_SECRET_ARN', storage.serverSecret.secretArn],
      ['STOWRS_FINGERPRINT_PARAMETER', storage.fingerprintParameter.parameterName],
      ['STOWRS_CERTIFICATE_PARAMETER', storage.certificateParameter.parameterName],
      ['STOWRS_LOG_GROUP', storage.serviceLogs.logGroupName],
    ];
    const template = new ec2.CfnLaunchTemplate(this, 'LaunchTemplate', {
      launchTemplateData: {
        imageId: `{{resolve:ssm:${AL2023_ARM64_PARAMETER}}}`,
        instanceType: params.instanceType.valueAsString,
        iamInstanceProfile: { arn: profile.attrArn },
        // IMDSv2 only, one hop.
        metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
        monitoring: { enabled: true },
        // A public address for egress (packages, AWS APIs) without a NAT gateway; the security group admits only the load balancer.
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: true, groups: [endpoint.instanceSecurityGroup.securityGroupId], deleteOnTermination: true }],
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 16, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
        userData: Fn.base64(Fn.join('', userDataParts(exports))),
        tagSpecifications: [{ resourceType: 'volume', tags: [{ key: TAG_ROLE, value: 'stowrs' }] }],
      },
    });

    this.group = new autoscaling.CfnAutoScalingGroup(this, 'Group', {
      minSize: '1',
      maxSize: '1',
      desiredCapacity: '1',
      vpcZoneIdentifier: vpc.publicSubnets.map((s) => s.subnetId),
      launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
      targetGroupArns: [endpoint.targetGroup.ref],
      healthCheckType: 'ELB',
      healthCheckGracePeriod: 900,
      // Replacements (a failed health check, a rolling update) reach the alarm topic.
      notificationConfigurations: [
        {
          topicArn: topic.topicArn,
          notificationTypes: ['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR', 'autoscaling:EC2_INSTANCE_TERMINATE', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR'],
        },
      ],
    });
    this.group.overrideLogicalId(STOWRS_ASG_LOGICAL_ID);
    this.group.cfnOptions.creationPolicy = { resourceSignal: { count: 1, timeout: Duration.minutes(20).toIsoString() } };
    this.group.cfnOptions.updatePolicy = {
      autoScalingRollingUpdate: { minInstancesInService: 0, maxBatchSize: 1, pauseTime: Duration.minutes(20).toIsoString(), waitOnResourceSignals: true },
    };
    // The first boot reads the secret and writes the parameters: the policy must be attached first.
    this.group.node.addDependency(policy);
    Tags.of(this.group).add(TAG_ROLE, 'stowrs');
    Tags.of(this.group).add('Name', 'ImagingLab-STOW-RS', { priority: 200 });
  }
}
