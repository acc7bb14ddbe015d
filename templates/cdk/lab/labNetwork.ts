import { Aws, Fn, RemovalPolicy, Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { conditionAll } from './labConditions';
import type { LabParameters } from './labParameters';

/** The seed's address plan: lab-vpc 10.0.0.0/16, lab-public-subnet 10.0.1.0/24, lab-private-subnet 10.0.2.0/24. */
export const LAB_CIDRS = { vpc: '10.0.0.0/16', publicSubnet: '10.0.1.0/24', privateSubnet: '10.0.2.0/24', vpnClients: '10.83.0.0/16' } as const;

function named(resource: Construct, name: string): void {
  Tags.of(resource).add('Name', Fn.join('-', [Aws.STACK_NAME, name]), { priority: 200 });
}

/**
 * Built from plain resources so each Task 2 piece can sit behind its own condition: the private
 * subnet with FileGator, the NAT gateway (its EIP, and the private default route) with the NAT
 * switch. Turning the NAT switch off deletes route, gateway and EIP in that order and nothing else.
 */
export class LabNetwork extends Construct {
  readonly vpc: ec2.CfnVPC;
  readonly publicSubnet: ec2.CfnSubnet;
  readonly privateSubnet: ec2.CfnSubnet;
  readonly natGateway: ec2.CfnNatGateway;

  constructor(scope: Construct, id: string, params: LabParameters, key: kms.IKey) {
    super(scope, id);
    const zone = Fn.select(0, Fn.getAzs());
    this.vpc = new ec2.CfnVPC(this, 'Vpc', { cidrBlock: LAB_CIDRS.vpc, enableDnsHostnames: true, enableDnsSupport: true });
    named(this.vpc, 'lab-vpc');
    const igw = new ec2.CfnInternetGateway(this, 'InternetGateway');
    named(igw, 'lab-igw');
    const attachment = new ec2.CfnVPCGatewayAttachment(this, 'InternetGatewayAttachment', { vpcId: this.vpc.ref, internetGatewayId: igw.ref });

    // The Jupyter instance gets an Elastic IP; nothing launched here is public by accident.
    this.publicSubnet = new ec2.CfnSubnet(this, 'PublicSubnet', {
      vpcId: this.vpc.ref,
      cidrBlock: LAB_CIDRS.publicSubnet,
      availabilityZone: zone,
      mapPublicIpOnLaunch: false,
    });
    named(this.publicSubnet, 'lab-public-subnet');
    const publicRoutes = new ec2.CfnRouteTable(this, 'PublicRouteTable', { vpcId: this.vpc.ref });
    named(publicRoutes, 'lab-public-to-internet');
    new ec2.CfnSubnetRouteTableAssociation(this, 'PublicRouteTableAssociation', { subnetId: this.publicSubnet.ref, routeTableId: publicRoutes.ref });
    const internetRoute = new ec2.CfnRoute(this, 'PublicInternetRoute', {
      routeTableId: publicRoutes.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    });
    internetRoute.addResourceDependency(attachment);

    const task2 = new Construct(this, 'Private');
    this.privateSubnet = new ec2.CfnSubnet(task2, 'Subnet', {
      vpcId: this.vpc.ref,
      cidrBlock: LAB_CIDRS.privateSubnet,
      availabilityZone: zone,
      mapPublicIpOnLaunch: false,
    });
    named(this.privateSubnet, 'lab-private-subnet');
    // Its own route table (the seed edited the VPC's main one): removing the NAT route touches nothing else.
    const privateRoutes = new ec2.CfnRouteTable(task2, 'RouteTable', { vpcId: this.vpc.ref });
    named(privateRoutes, 'lab-private-routes');
    new ec2.CfnSubnetRouteTableAssociation(task2, 'RouteTableAssociation', { subnetId: this.privateSubnet.ref, routeTableId: privateRoutes.ref });
    conditionAll(task2, params.fileGatorOn);

    const nat = new Construct(this, 'Nat');
    const natIp = new ec2.CfnEIP(nat, 'ElasticIp', { domain: 'vpc' });
    named(natIp, 'lab-nat-eip');
    natIp.addResourceDependency(attachment);
    this.natGateway = new ec2.CfnNatGateway(nat, 'Gateway', { subnetId: this.publicSubnet.ref, allocationId: natIp.attrAllocationId });
    named(this.natGateway, 'lab-nat-gateway');
    new ec2.CfnRoute(nat, 'Route', { routeTableId: privateRoutes.ref, destinationCidrBlock: '0.0.0.0/0', natGatewayId: this.natGateway.ref });
    conditionAll(nat, params.natOn);

    this.flowLogs(key);
    Validations.of(this).acknowledge(
      {
        id: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
        reason: 'The public subnet hosts the Jupyter instance (reached on its Elastic IP, inbound limited to AllowedCidr) and the NAT gateway; both need the internet route.',
      },
      {
        id: 'HIPAA.Security-VPCDefaultSecurityGroupClosed',
        reason: 'The default security group is attached to nothing. Closing it needs a Lambda-backed custom resource, which a plain, asset-free template cannot carry.',
      },
    );
  }

  private flowLogs(key: kms.IKey): void {
    const group = new logs.LogGroup(this, 'FlowLogs', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    new iam.ManagedPolicy(this, 'FlowLogPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [group.logGroupArn],
        }),
      ],
    });
    new ec2.CfnFlowLog(this, 'FlowLog', {
      resourceId: this.vpc.ref,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logGroupName: group.logGroupName,
      deliverLogsPermissionArn: role.roleArn,
    });
  }
}
