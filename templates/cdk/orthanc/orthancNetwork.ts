import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The seed's network: two zones, a public subnet (the instance, behind its Elastic IP) and a private
 * isolated subnet (RDS) in each, an internet gateway, no NAT gateway, flow logs, and an S3 gateway
 * endpoint so Orthanc's S3 traffic stays on the AWS network.
 */
export class OrthancNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, key: kms.IKey) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: 2,
      natGateways: 0,
      // Emptying the default security group needs a Lambda-backed custom resource (assets); it is attached to nothing.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        // The instance's public address is its Elastic IP; nothing else here gets one by accident.
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
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
        reason: 'The Orthanc instance pulls its container images from the internet and is reached on its Elastic IP; inbound traffic is limited by its security group to the web and DICOM CIDR parameters.',
      },
    );
  }
}
