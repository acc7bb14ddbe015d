import { Aws, Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { tagInstanceRole } from '../common/contract';
import { idleReporterUserData } from '../common/idleStop';
import { scriptBody } from '../common/scriptFile';
import type { MdeParameters } from './mdeParameters';
import type { MdeSecrets } from './mdeSecrets';
import { MDE_INGRESS, MDE_KIBANA_INGRESS } from './mdePorts';

/** AWS Deep Learning Base AMI (OSS NVIDIA driver, Ubuntu 22.04): driver, CUDA, Docker and the NVIDIA container toolkit preinstalled. */
export const DLAMI_SSM_PARAMETER = '/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id';

// A dynamic reference (not an SSM-typed parameter) keeps the console form free of an AMI question.
const DLAMI_IMAGE: ec2.IMachineImage = {
  getImage: () => ({
    imageId: `{{resolve:ssm:${DLAMI_SSM_PARAMETER}}}`,
    osType: ec2.OperatingSystemType.LINUX,
    userData: ec2.UserData.forLinux(),
  }),
};

const SOURCE_IS_PARAMETER =
  'The source is the AllowedCidr parameter, whose AllowedPattern only admits IPv4 ranges from /16 to /32 (never 0.0.0.0/0; the wizard fills the caller /32); cdk-nag cannot resolve a parameter.';

/** Logical id the installer signals; it must not change. */
export const MDE_INSTANCE_LOGICAL_ID = 'MdeInstance';

export class MdeServer extends Construct {
  readonly instance: ec2.Instance;
  readonly securityGroup: ec2.SecurityGroup;
  readonly keyPair: ec2.KeyPair;
  readonly eip: ec2.CfnEIP;

  constructor(scope: Construct, id: string, vpc: ec2.IVpc, params: MdeParameters, secrets: MdeSecrets) {
    super(scope, id);
    const stack = Stack.of(this);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'MONAI Deploy Express server: SSH, DICOM and Orthanc from the allowed CIDR only',
      allowAllOutbound: true,
    });
    const allowed = ec2.Peer.ipv4(params.allowedCidr.valueAsString);
    for (const rule of MDE_INGRESS) this.securityGroup.addIngressRule(allowed, ec2.Port.tcp(rule.port), rule.what);
    const kibana = new ec2.CfnSecurityGroupIngress(this, 'KibanaIngress', {
      groupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: MDE_KIBANA_INGRESS.port,
      toPort: MDE_KIBANA_INGRESS.port,
      cidrIp: params.allowedCidr.valueAsString,
      description: MDE_KIBANA_INGRESS.what,
    });
    kibana.cfnOptions.condition = params.elkEnabled;
    for (const scope of [this.securityGroup, kibana]) {
      Validations.of(scope).acknowledge(
        ...['AwsSolutions-EC23', 'HIPAA.Security-EC2RestrictedSSH', 'HIPAA.Security-EC2RestrictedCommonPorts'].map((id) => ({
          id,
          reason: SOURCE_IS_PARAMETER,
        })),
      );
    }

    // AWS stores the private key in SSM Parameter Store at /ec2/keypair/<KeyPairId>.
    // Named after the deployed stack: a fixed name would collide with a second MDE stack in the region.
    this.keyPair = new ec2.KeyPair(this, 'KeyPair', { type: ec2.KeyPairType.ED25519, keyPairName: `${Aws.STACK_NAME}-mde` });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'MDE server: Session Manager, read its own secrets, signal its own stack',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    // A customer-managed policy (not an inline one) naming exactly this stack's secrets, key and stack.
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      description: 'MDE server: read its four secrets, decrypt them through Secrets Manager, signal its stack',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: secrets.all().map((s) => s.secretArn),
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secrets.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({ actions: ['cloudformation:SignalResource'], resources: [stack.stackId] }),
      ],
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'The AWS-maintained minimal policy for Session Manager, kept so the server stays reachable from the console if SSH is blocked.',
    });

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc,
      vpcSubnets: { subnets: [vpc.publicSubnets[0]!] },
      instanceType: new ec2.InstanceType(params.instanceType.valueAsString),
      machineImage: DLAMI_IMAGE,
      securityGroup: this.securityGroup,
      keyPair: this.keyPair,
      role,
      detailedMonitoring: true,
      ebsOptimized: true,
      blockDevices: [
        {
          deviceName: '/dev/sda1',
          volume: ec2.BlockDeviceVolume.ebs(200, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true, deleteOnTermination: true }),
        },
      ],
      userData: ec2.UserData.custom(userData(stack, params, secrets)),
      userDataCausesReplacement: true,
      // The stack's cost tag (imaging-lab:stack) reaches the root volume, so a budget counts its storage.
      propagateTagsToVolumeOnCreation: true,
    });
    const cfnInstance = this.instance.node.defaultChild as ec2.CfnInstance;
    cfnInstance.overrideLogicalId(MDE_INSTANCE_LOGICAL_ID);
    // The zone of its subnet (the L2 subnet still reports the first zone); its root volume follows the instance.
    cfnInstance.availabilityZone = params.zone;
    // IMDSv2 only, one hop: containers on the Docker bridge cannot reach the instance credentials.
    // Set on the instance itself: the L2 requireImdsv2 adds a launch template with a fixed name,
    // which would collide when a second MDE stack is deployed in the same region.
    cfnInstance.metadataOptions = { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 };
    cfnInstance.cfnOptions.creationPolicy = { resourceSignal: { count: 1, timeout: Duration.hours(1).toIsoString() } };
    tagInstanceRole(this.instance, 'mde', 'ubuntu');
    Tags.of(this.instance).add('Name', 'MONAIDeployExpress', { priority: 200 });
    Validations.of(this.instance).acknowledge(
      {
        id: 'AwsSolutions-EC29',
        reason: 'A lab server the user deletes with its stack; termination protection would make the stack fail to delete.',
      },
      {
        id: 'HIPAA.Security-EC2EBSOptimizedInstance',
        reason: 'EbsOptimized is set to true; cdk-nag cannot resolve the InstanceType parameter, whose allowed values are all EBS-optimized g4dn/g5/g6 types.',
      },
      {
        id: 'HIPAA.Security-EC2InstancesInVPC',
        reason: "The instance is in this stack's VPC through its primary network interface (NetworkInterfaces[0].SubnetId), which this rule does not read.",
      },
    );


    // The Elastic IP sits on a network interface made before the instance, so the first boot already
    // has its final public address and internet access for the install (an EIP attached to the
    // instance itself would only arrive after the creation signal, which needs that internet).
    const subnet = vpc.publicSubnets[0]!;
    const eni = new ec2.CfnNetworkInterface(this, 'NetworkInterface', {
      subnetId: subnet.subnetId,
      groupSet: [this.securityGroup.securityGroupId],
      description: 'MONAI Deploy Express server (Elastic IP)',
    });
    this.eip = new ec2.CfnEIP(this, 'ElasticIp', { domain: 'vpc' });
    Tags.of(this.eip).add('Name', 'MONAIDeployExpress-EIP', { priority: 200 });
    const association = new ec2.CfnEIPAssociation(this, 'ElasticIpAssociation', {
      allocationId: this.eip.attrAllocationId,
      networkInterfaceId: eni.ref,
    });
    cfnInstance.addPropertyDeletionOverride('SubnetId');
    cfnInstance.addPropertyDeletionOverride('SecurityGroupIds');
    cfnInstance.addPropertyOverride('NetworkInterfaces', [{ DeviceIndex: '0', NetworkInterfaceId: eni.ref }]);
    // The first boot reads secrets and signals: the policy must be attached and the EIP in place first.
    this.instance.node.addDependency(association, policy);
  }
}

/** Exports the installer's inputs, then the installer itself (templates/scripts/mde-install.sh). */
function userData(stack: Stack, params: MdeParameters, secrets: MdeSecrets): string {
  const exports: [string, string][] = [
    // Aws.STACK_NAME, not stack.stackName: the latter is the synth-time construct name, not the deployed one.
    ['MDE_STACK_NAME', Aws.STACK_NAME],
    ['MDE_REGION', Aws.REGION],
    ['MDE_SIGNAL_RESOURCE', MDE_INSTANCE_LOGICAL_ID],
    ['MDE_VERSION', params.mdeVersion.valueAsString],
    ['MDE_ENABLE_ELK', params.enableElk.valueAsString],
    ['MDE_USER_SECRET_ARN', secrets.monaiUser.secretArn],
    ['MDE_MINIO_SECRET_ARN', secrets.minio.secretArn],
    ['MDE_RABBITMQ_SECRET_ARN', secrets.rabbitMq.secretArn],
    ['MDE_MONGO_SECRET_ARN', secrets.mongo.secretArn],
  ];
  const header = ['#!/bin/bash', ...exports.map(([k, v]) => `export ${k}='${v}'`)].join('\n');
  return `${header}\n${idleReporterUserData()}${scriptBody('mde-install.sh')}`;
}
