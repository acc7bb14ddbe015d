import { RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * What eksctl made for upstream: a VPC over two Availability Zones with public subnets (the load
 * balancer) and private subnets (nodes, EFS, database), reaching the internet through one NAT gateway
 * (one, not one per zone: $0.045/h saved; a zone outage stops image pulls, not serving).
 */
export class TatorNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, key: kms.IKey) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.42.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      // Closing the default group needs a Lambda-backed custom resource; nothing is attached to it.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        // Pods take VPC addresses (VPC CNI): /20 leaves room for 4,000 per zone.
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    });
    // Where EKS's cloud controller puts the internet-facing load balancer of the nginx Service.
    for (const subnet of this.vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
    for (const subnet of this.vpc.privateSubnets) Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: key,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const flowLog = this.vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup) });
    Validations.of(flowLog).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: "CDK's flow-log construct gives its delivery role an inline policy that only writes to this stack's flow-log group.",
    });
    Validations.of(this.vpc).acknowledge(
      {
        id: 'HIPAA.Security-VPCDefaultSecurityGroupClosed',
        reason: 'Nothing is attached to the default security group; closing it needs a Lambda-backed custom resource, which this plain template avoids.',
      },
      {
        id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        reason: "Only the public subnets route to the internet gateway: they hold the NAT gateway and the nginx load balancer, whose listener admits the AllowedCidr range only.",
      },
    );
  }
}
