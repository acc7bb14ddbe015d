import { Fn, RemovalPolicy, Aws } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { conditionAll } from './labConditions';
import { LAB_CIDRS, type LabNetwork } from './labNetwork';
import type { LabParameters } from './labParameters';
import { LAB_PORTS } from './labPorts';
import type { LabStorage } from './labStorage';

/**
 * Task 2, behind EnableClientVpn: the seed's lab-client-vpn-endpoint. Mutual TLS with the server
 * certificate and client CA imported into ACM (the parameters), client CIDR 10.83.0.0/16, split
 * tunnel (only the VPC goes through it), UDP 443, connection logs. Associated with the public
 * subnet as in the seed: the association adds the route to the VPC (an explicit route to the same
 * CIDR would be a duplicate and fail); the authorization rule admits clients to the private subnet.
 */
export class LabClientVpn extends Construct {
  readonly endpoint: ec2.CfnClientVpnEndpoint;
  readonly securityGroup: ec2.CfnSecurityGroup;

  constructor(scope: Construct, id: string, props: { network: LabNetwork; params: LabParameters; storage: LabStorage }) {
    super(scope, id);
    const { network, params, storage } = props;
    const logGroup = new logs.LogGroup(this, 'ConnectionLogs', { encryptionKey: storage.key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
    const logStream = new logs.CfnLogStream(this, 'ConnectionLogStream', { logGroupName: logGroup.logGroupName });
    this.securityGroup = new ec2.CfnSecurityGroup(this, 'SecurityGroup', {
      vpcId: network.vpc.ref,
      groupDescription: 'Lab Client VPN: to FileGator only',
      securityGroupEgress: [LAB_PORTS.ssh, LAB_PORTS.fileGator].map((port) => ({
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIp: LAB_CIDRS.privateSubnet,
        description: 'To the private subnet',
      })),
    });
    this.endpoint = new ec2.CfnClientVpnEndpoint(this, 'Endpoint', {
      description: 'Research lab Client VPN (lab-client-vpn-endpoint)',
      clientCidrBlock: LAB_CIDRS.vpnClients,
      serverCertificateArn: params.serverCertificateArn.valueAsString,
      authenticationOptions: [
        { type: 'certificate-authentication', mutualAuthentication: { clientRootCertificateChainArn: params.clientCaCertificateArn.valueAsString } },
      ],
      connectionLogOptions: { enabled: true, cloudwatchLogGroup: logGroup.logGroupName, cloudwatchLogStream: logStream.ref },
      splitTunnel: true,
      transportProtocol: 'udp',
      vpnPort: 443,
      vpcId: network.vpc.ref,
      securityGroupIds: [this.securityGroup.attrGroupId],
      tagSpecifications: [{ resourceType: 'client-vpn-endpoint', tags: [{ key: 'Name', value: Fn.join('-', [Aws.STACK_NAME, 'lab-client-vpn-endpoint']) }] }],
    });
    const association = new ec2.CfnClientVpnTargetNetworkAssociation(this, 'Association', {
      clientVpnEndpointId: this.endpoint.ref,
      subnetId: network.publicSubnet.ref,
    });
    const rule = new ec2.CfnClientVpnAuthorizationRule(this, 'PrivateSubnetAccess', {
      clientVpnEndpointId: this.endpoint.ref,
      targetNetworkCidr: LAB_CIDRS.privateSubnet,
      authorizeAllGroups: true,
      description: 'Lab CA clients to the private subnet',
    });
    rule.addResourceDependency(association);
    conditionAll(this, params.clientVpnOn);
  }
}
