import { Aws, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LabInstance } from './labInstance';
import { generatedSecret, secretRead } from './labSecrets';
import type { LabNetwork } from './labNetwork';
import type { LabParameters } from './labParameters';
import { LAB_PORTS } from './labPorts';
import { acknowledgeBucketObjects, bucketArn, type LabStorage } from './labStorage';
import { labUserData } from './labUserData';

export const JUPYTER_LOGICAL_ID = 'JupyterInstance';

const SOURCE_IS_PARAMETER =
  'The source is the AllowedCidr parameter, whose AllowedPattern only admits IPv4 ranges from /16 to /32 (never 0.0.0.0/0; the wizard fills the caller /32); cdk-nag cannot resolve a parameter.';
/** lab-public-ec2: JupyterLab as a service, boto3 through its role (no access keys), an Elastic IP. */
export class LabJupyter extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly tokenSecret: secretsmanager.Secret;
  readonly eip: ec2.CfnEIP;
  readonly server: LabInstance;

  constructor(scope: Construct, id: string, props: { network: LabNetwork; params: LabParameters; storage: LabStorage; keyName: string }) {
    super(scope, id);
    const { network, params, storage } = props;
    const stack = Stack.of(this);
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', { vpcId: network.vpc.ref, availabilityZones: [network.publicSubnet.attrAvailabilityZone] });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'Lab Jupyter: from the allowed CIDR only',
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(ec2.Peer.ipv4(params.allowedCidr.valueAsString), ec2.Port.tcp(LAB_PORTS.ssh), 'SSH from the allowed CIDR');
    const jupyterIngress = new ec2.CfnSecurityGroupIngress(this, 'WebIngress', {
      groupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: LAB_PORTS.jupyter,
      toPort: LAB_PORTS.jupyter,
      cidrIp: params.allowedCidr.valueAsString,
      description: 'Jupyter from the allowed CIDR (OpenJupyterPort)',
    });
    jupyterIngress.cfnOptions.condition = params.jupyterPortOpen;
    for (const s of [this.securityGroup, jupyterIngress]) {
      Validations.of(s).acknowledge(
        ...['AwsSolutions-EC23', 'HIPAA.Security-EC2RestrictedSSH', 'HIPAA.Security-EC2RestrictedCommonPorts'].map((rule) => ({ id: rule, reason: SOURCE_IS_PARAMETER })),
      );
    }

    this.tokenSecret = generatedSecret(this, 'Token', 'Token of the research lab Jupyter server', storage);

    // The Elastic IP sits on an interface made before the instance, so the first boot has internet.
    const eni = new ec2.CfnNetworkInterface(this, 'NetworkInterface', {
      subnetId: network.publicSubnet.ref,
      groupSet: [this.securityGroup.securityGroupId],
      description: 'Lab Jupyter (Elastic IP)',
    });
    this.eip = new ec2.CfnEIP(this, 'ElasticIp', { domain: 'vpc' });
    Tags.of(this.eip).add('Name', 'lab-public-ec2', { priority: 200 });
    const association = new ec2.CfnEIPAssociation(this, 'ElasticIpAssociation', { allocationId: this.eip.attrAllocationId, networkInterfaceId: eni.ref });

    const exports = [
      ['LAB_STACK_NAME', Aws.STACK_NAME],
      ['LAB_REGION', Aws.REGION],
      ['LAB_SIGNAL_RESOURCE', JUPYTER_LOGICAL_ID],
      ['LAB_TOKEN_SECRET_ARN', this.tokenSecret.secretArn],
      ['LAB_INPUT_BUCKET', storage.inputBucketName],
      ['LAB_OUTPUT_BUCKET', storage.outputBucketName],
      ['LAB_PROCESSED_SUFFIX', params.processedSuffix.valueAsString],
    ] as const;
    this.server = new LabInstance(this, 'Server', {
      logicalId: JUPYTER_LOGICAL_ID,
      name: 'lab-public-ec2',
      role: 'jupyter',
      instanceType: params.jupyterInstanceType.valueAsString,
      volumeGb: 30,
      keyName: props.keyName,
      network: { networkInterfaceId: eni.ref },
      userData: labUserData(
        exports,
        [
          { source: 'jupyter/jupyter.service', target: '/etc/systemd/system/jupyter.service', mode: '0644' },
          { source: 'jupyter/upload_test_image.py', target: '/usr/local/share/imaging-lab/upload_test_image.py', mode: '0644' },
        ],
        'jupyter/jupyter-install.sh',
      ),
      statements: [
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn(storage.inputBucketName), bucketArn(storage.outputBucketName)] }),
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucketArn(storage.inputBucketName, true)] }),
        new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucketArn(storage.outputBucketName, true)] }),
        storage.keyThroughS3(),
        ...secretRead(this.tokenSecret, storage),
        new iam.PolicyStatement({ actions: ['cloudformation:SignalResource'], resources: [stack.stackId] }),
      ],
    });
    acknowledgeBucketObjects(this.server.policy, ['input', 'output']);
    Validations.of(this.server.instance).acknowledge({
      id: 'HIPAA.Security-EC2InstancesInVPC',
      reason: "The instance is in this stack's VPC through its primary network interface (NetworkInterfaces[0]), which this rule does not read.",
    });
    // Boots with its address in place, and only once the pipeline it self-checks exists.
    this.server.instance.addResourceDependency(association);
    this.server.instance.addResourceDependency(storage.inputBucket.node.defaultChild as s3.CfnBucket);
  }
}
