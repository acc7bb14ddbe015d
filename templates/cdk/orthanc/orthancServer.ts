import { Aws, Duration, Fn, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tagInstanceRole } from '../common/contract';
import type { OrthancData } from './orthancData';
import type { OrthancDatabase } from './orthancDatabase';
import { bundleHeredocs, compactForUserData, readOrthancFile } from './orthancFiles';
import type { OrthancParameters } from './orthancParameters';
import { ORTHANC_INGRESS } from './orthancPorts';

/** Amazon Linux 2023 (x86_64), by dynamic reference so the console form asks no AMI question. */
export const AL2023_SSM_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

const AL2023: ec2.IMachineImage = {
  getImage: () => ({ imageId: `{{resolve:ssm:${AL2023_SSM_PARAMETER}}}`, osType: ec2.OperatingSystemType.LINUX, userData: ec2.UserData.forLinux() }),
};

/** Logical id the installer signals; it must not change. */
export const ORTHANC_INSTANCE_LOGICAL_ID = 'OrthancInstance';
export const SSH_USER = 'ec2-user';

const SOURCE_IS_PARAMETER =
  'The source is the WebCidr or DicomCidr parameter, whose AllowedPattern only admits IPv4 ranges from /16 to /32 (never 0.0.0.0/0; the wizard fills the caller /32); cdk-nag cannot resolve a parameter.';

export interface OrthancServerProps {
  readonly vpc: ec2.IVpc;
  readonly params: OrthancParameters;
  readonly data: OrthancData;
  readonly database: OrthancDatabase;
}

export class OrthancServer extends Construct {
  readonly instance: ec2.Instance;
  readonly securityGroup: ec2.SecurityGroup;
  readonly eip: ec2.CfnEIP;

  constructor(scope: Construct, id: string, props: OrthancServerProps) {
    super(scope, id);
    const { vpc, params, data, database } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Orthanc: HTTPS and SSH from the web range, DICOM-TLS from the DICOM range',
      allowAllOutbound: true,
    });
    for (const rule of ORTHANC_INGRESS) {
      const cidr = rule.from === 'web' ? params.webCidr : params.dicomCidr;
      this.securityGroup.addIngressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.tcp(rule.port), rule.what);
    }
    Validations.of(this.securityGroup).acknowledge(
      ...['AwsSolutions-EC23', 'HIPAA.Security-EC2RestrictedSSH', 'HIPAA.Security-EC2RestrictedCommonPorts'].map((rule) => ({ id: rule, reason: SOURCE_IS_PARAMETER })),
    );

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'Orthanc instance: Session Manager, its own secrets, bucket, key and parameters, its own stack signal',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'The AWS-maintained minimal policy for Session Manager, the shell of an instance that has no key pair (the seed uses it too).',
    });
    const policy = this.instancePolicy(role, data, database, params);
    this.instance = this.newInstance(vpc, params, role);
    const cfnInstance = this.instance.node.defaultChild as ec2.CfnInstance;
    this.eip = this.attachElasticIp(vpc, cfnInstance);
    cfnInstance.userData = Fn.base64(userData(this.eip, data, database, params));
    // The first boot reads secrets, writes parameters and signals: the policy and the address must exist first.
    this.instance.node.addDependency(policy);
  }

  private instancePolicy(role: iam.Role, data: OrthancData, database: OrthancDatabase, params: OrthancParameters): iam.ManagedPolicy {
    const stack = Stack.of(this);
    const dbSecret = Fn.conditionIf(params.production.logicalId, database.secret.secretArn, Aws.NO_VALUE).toString();
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'Orthanc instance: read its two secrets, store images in its bucket, publish its certificate, signal its stack',
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [data.adminSecret.secretArn, dbSecret] }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [data.bucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [data.bucket.arnForObjects('*')] }),
        // Through Secrets Manager (its secrets) and S3 (SSE-KMS with a bucket key) only.
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [data.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': [`secretsmanager.${stack.region}.amazonaws.com`, `s3.${stack.region}.amazonaws.com`] } },
        }),
        new iam.PolicyStatement({ actions: ['ssm:PutParameter'], resources: [data.fingerprintParameter.parameterArn, data.caParameter.parameterArn] }),
        new iam.PolicyStatement({ actions: ['cloudformation:SignalResource'], resources: [stack.stackId] }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::<DataImagesE36FBF16.Arn>/*]',
      reason: "Orthanc's S3 storage plugin names each object by a UUID it makes up, so the grant is every object of this stack's own images bucket and no other bucket.",
    });
    return policy;
  }

  private newInstance(vpc: ec2.IVpc, params: OrthancParameters, role: iam.Role): ec2.Instance {
    const instance = new ec2.Instance(this, 'Instance', {
      vpc,
      vpcSubnets: { subnets: [vpc.publicSubnets[0]!] },
      instanceType: new ec2.InstanceType(params.instanceType.valueAsString),
      machineImage: AL2023,
      securityGroup: this.securityGroup,
      role,
      detailedMonitoring: true,
      ebsOptimized: true,
      userDataCausesReplacement: true,
    });
    const cfn = instance.node.defaultChild as ec2.CfnInstance;
    cfn.overrideLogicalId(ORTHANC_INSTANCE_LOGICAL_ID);
    // Encrypted root; in the evaluation profile a second encrypted volume holds the SQLite index.
    const ebs = (volumeSize: number) => ({ volumeSize, volumeType: 'gp3', encrypted: true, deleteOnTermination: true });
    cfn.blockDeviceMappings = [
      { deviceName: '/dev/xvda', ebs: ebs(30) },
      Fn.conditionIf(params.evaluation.logicalId, { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }, Aws.NO_VALUE),
    ];
    // IMDSv2 only, two hops so Orthanc's S3 plugin in its container gets the instance role.
    // Set on the instance: the L2 requireImdsv2 adds a launch template with a fixed name (collides across stacks).
    cfn.metadataOptions = { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 };
    cfn.cfnOptions.creationPolicy = { resourceSignal: { count: 1, timeout: Duration.minutes(45).toIsoString() } };
    tagInstanceRole(instance, 'orthanc', SSH_USER);
    Tags.of(instance).add('Name', 'Orthanc', { priority: 200 });
    Validations.of(instance).acknowledge(
      { id: 'AwsSolutions-EC29', reason: 'A lab server the user deletes with its stack; termination protection would make the stack fail to delete.' },
      {
        id: 'AwsSolutions-EC26',
        reason: "Both volumes set Encrypted: true; the index volume of the evaluation profile sits inside Fn::If, which this rule cannot read through.",
      },
      {
        id: 'HIPAA.Security-EC2EBSOptimizedInstance',
        reason: 'EbsOptimized is set to true; cdk-nag cannot resolve the InstanceType parameter, whose allowed values are all EBS-optimized t3/m6i/c6i types.',
      },
      {
        id: 'HIPAA.Security-EC2InstancesInVPC',
        reason: "The instance is in this stack's VPC through its primary network interface (NetworkInterfaces[0].SubnetId), which this rule does not read.",
      },
    );
    return instance;
  }

  /**
   * The Elastic IP sits on a network interface made before the instance, so the first boot already
   * has its final address (the certificate names it) and internet access for the image pulls.
   */
  private attachElasticIp(vpc: ec2.IVpc, cfnInstance: ec2.CfnInstance): ec2.CfnEIP {
    const eni = new ec2.CfnNetworkInterface(this, 'NetworkInterface', {
      subnetId: vpc.publicSubnets[0]!.subnetId,
      groupSet: [this.securityGroup.securityGroupId],
      description: 'Orthanc (Elastic IP)',
    });
    const eip = new ec2.CfnEIP(this, 'ElasticIp', { domain: 'vpc' });
    Tags.of(eip).add('Name', 'Orthanc-EIP', { priority: 200 });
    const association = new ec2.CfnEIPAssociation(this, 'ElasticIpAssociation', { allocationId: eip.attrAllocationId, networkInterfaceId: eni.ref });
    cfnInstance.addPropertyDeletionOverride('SubnetId');
    cfnInstance.addPropertyDeletionOverride('SecurityGroupIds');
    cfnInstance.addPropertyOverride('NetworkInterfaces', [{ DeviceIndex: '0', NetworkInterfaceId: eni.ref }]);
    this.instance.node.addDependency(association);
    return eip;
  }
}

/** Exports of the installer's inputs, the bundle files (quoted heredocs), then templates/orthanc/install.sh. */
function userData(eip: ec2.CfnEIP, data: OrthancData, database: OrthancDatabase, params: OrthancParameters): string {
  const ifProduction = (value: string) => Fn.conditionIf(params.production.logicalId, value, '').toString();
  const exports: [string, string][] = [
    // Aws.STACK_NAME, not stack.stackName: the latter is the synth-time construct name, not the deployed one.
    ['ORTHANC_STACK_NAME', Aws.STACK_NAME],
    ['ORTHANC_REGION', Aws.REGION],
    ['ORTHANC_SIGNAL_RESOURCE', ORTHANC_INSTANCE_LOGICAL_ID],
    ['ORTHANC_PROFILE', params.profile.valueAsString],
    ['ORTHANC_BUCKET', data.bucket.bucketName],
    ['ORTHANC_PUBLIC_IP', eip.ref],
    ['ORTHANC_ADMIN_SECRET_ARN', data.adminSecret.secretArn],
    ['ORTHANC_DB_SECRET_ARN', ifProduction(database.secret.secretArn)],
    ['ORTHANC_DB_HOST', ifProduction(database.instance.dbInstanceEndpointAddress)],
    ['ORTHANC_FINGERPRINT_PARAMETER', data.fingerprintParameter.parameterName],
    ['ORTHANC_CA_PARAMETER', data.caParameter.parameterName],
    ['ORTHANC_BUNDLE', '/opt/imaging-lab/orthanc/bundle'],
  ];
  const header = ['#!/bin/bash', ...exports.map(([k, v]) => `export ${k}='${v}'`), 'mkdir -p "$ORTHANC_BUNDLE"'].join('\n');
  const installer = compactForUserData('install.sh', readOrthancFile('install.sh'));
  return `${header}\n${bundleHeredocs()}\n${installer}`;
}
