import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Upstream's network: a VPC with two public subnets, an internet gateway and flow logs. */
export class MdeNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  /** `zone` is the server's Availability Zone (a parameter or the region's first); the server subnet goes there. */
  constructor(scope: Construct, id: string, key: kms.IKey, zone: string) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      // The default security group cannot be emptied without a Lambda-backed custom resource,
      // which would make this template depend on assets; it is attached to nothing instead.
      restrictDefaultSecurityGroup: false,
      // The instance gets an Elastic IP; nothing else launched here should be public by accident.
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false }],
    });
    // GPU types are not offered in every zone, so the server subnet follows the AvailabilityZone parameter.
    (this.vpc.publicSubnets[0]!.node.defaultChild as ec2.CfnSubnet).availabilityZone = zone;
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) });
    Validations.of(flowLog).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: 'The CDK flow-log construct attaches its delivery policy to its own service role; it only allows writing to this stack flow-log group.',
    });

    Validations.of(this.vpc).acknowledge(
      {
        id: 'HIPAA.Security-VPCDefaultSecurityGroupClosed',
        reason: 'The default security group is attached to nothing. Closing it needs a Lambda-backed custom resource, which a plain, asset-free template cannot carry.',
      },
      {
        id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        reason: 'The MDE server downloads its bundle and container images from the internet and is reached on its Elastic IP; inbound traffic is limited by its security group to the caller CIDR.',
      },
    );
  }
}
