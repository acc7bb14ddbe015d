import { Duration, Fn, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TAG_SSH_VIA } from '../../../src/core/kinds/stackContract';
import { tagInstanceRole } from '../common/contract';

/** Amazon Linux 2023 (the seed's Amazon Linux): AWS CLI v2, SSM agent and dnf repositories in S3. */
export const AL2023_SSM_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
export const LAB_SSH_USER = 'ec2-user';

export interface LabInstanceProps {
  /** Logical id of the instance: the installer signals it, so it must not change. */
  readonly logicalId: string;
  readonly name: string;
  readonly role: 'jupyter' | 'filegator';
  readonly sshVia?: 'jupyter';
  readonly instanceType: string;
  readonly volumeGb: number;
  readonly keyName: string;
  readonly userData: string;
  readonly statements: iam.PolicyStatement[];
  /** Primary network interface: a subnet and security group, or an existing interface (Elastic IP). */
  readonly network: { subnetId: string; securityGroupId: string } | { networkInterfaceId: string };
}

/**
 * One lab instance: IMDSv2 with one hop, encrypted gp3 root, its own role with a customer-managed
 * policy of exactly `statements`, contract tags, and a creation policy of one signal within 30
 * minutes, which its installer sends once its service answers (FAILURE on any error).
 */
export class LabInstance extends Construct {
  readonly instance: ec2.CfnInstance;
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: LabInstanceProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', { roles: [role], statements: props.statements });
    const profile = new iam.CfnInstanceProfile(this, 'Profile', { roles: [role.roleName] });
    const network =
      'networkInterfaceId' in props.network
        ? { networkInterfaces: [{ deviceIndex: '0', networkInterfaceId: props.network.networkInterfaceId }] }
        : { subnetId: props.network.subnetId, securityGroupIds: [props.network.securityGroupId] };
    this.instance = new ec2.CfnInstance(this, 'Instance', {
      imageId: `{{resolve:ssm:${AL2023_SSM_PARAMETER}}}`,
      instanceType: props.instanceType,
      keyName: props.keyName,
      iamInstanceProfile: profile.ref,
      ebsOptimized: true,
      monitoring: false,
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: props.volumeGb, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
      userData: Fn.base64(props.userData),
      ...network,
    });
    this.instance.overrideLogicalId(props.logicalId);
    this.instance.cfnOptions.creationPolicy = { resourceSignal: { count: 1, timeout: Duration.minutes(30).toIsoString() } };
    // The first boot reads secrets and signals: the policy must be attached first.
    this.instance.addResourceDependency(this.policy.node.defaultChild as iam.CfnManagedPolicy);
    tagInstanceRole(this.instance, props.role, LAB_SSH_USER);
    if (props.sshVia) Tags.of(this.instance).add(TAG_SSH_VIA, props.sshVia);
    Tags.of(this.instance).add('Name', props.name, { priority: 200 });
    Validations.of(this.instance).acknowledge(
      { id: 'AwsSolutions-EC29', reason: 'A lab server the user deletes with its stack; termination protection would make the stack fail to delete.' },
      {
        id: 'AwsSolutions-EC28',
        reason: 'Basic 5-minute monitoring suffices for a teaching lab; detailed monitoring adds about 2 USD per instance-month to a student budget.',
      },
      {
        id: 'HIPAA.Security-EC2InstanceDetailedMonitoringEnabled',
        reason: 'Basic 5-minute monitoring suffices for a teaching lab; detailed monitoring adds about 2 USD per instance-month to a student budget.',
      },
      {
        id: 'HIPAA.Security-EC2EBSOptimizedInstance',
        reason: 'EbsOptimized is set to true; cdk-nag cannot resolve the instance-type parameter, whose allowed values are all EBS-optimized t3/m5 types.',
      },
    );
  }
}
