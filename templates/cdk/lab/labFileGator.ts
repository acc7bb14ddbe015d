import { Aws, Fn, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { conditionAll } from './labConditions';
import { LabInstance } from './labInstance';
import type { LabNetwork } from './labNetwork';
import type { LabParameters } from './labParameters';
import { LAB_PORTS } from './labPorts';
import { generatedSecret, secretRead } from './labSecrets';
import type { LabStorage } from './labStorage';
import { labUserData } from './labUserData';

export const FILEGATOR_LOGICAL_ID = 'FileGatorInstance';
/** Pinned FileGator release on Docker Hub (7.16.4: path-traversal fix); the users file lists its permission names. */
export const FILEGATOR_IMAGE = 'filegator/filegator:v7.16.4';

/**
 * Task 2, behind EnableFileGator: lab-private-ec2 in the private subnet running FileGator in Docker
 * on 8080, with no public address. SSH and 8080 are admitted from the Jupyter instance (the jump
 * host the extension tunnels through) and, when the Client VPN is on, from its endpoint.
 */
export class LabFileGator extends Construct {
  readonly securityGroup: ec2.CfnSecurityGroup;
  readonly adminSecret: secretsmanager.Secret;
  readonly server: LabInstance;

  constructor(scope: Construct, id: string, props: { network: LabNetwork; params: LabParameters; storage: LabStorage; keyName: string; jumpHostGroupId: string }) {
    super(scope, id);
    const { network, params, storage } = props;
    this.securityGroup = new ec2.CfnSecurityGroup(this, 'SecurityGroup', {
      vpcId: network.vpc.ref,
      groupDescription: 'Lab FileGator: from the jump host and Client VPN',
      securityGroupIngress: [LAB_PORTS.ssh, LAB_PORTS.fileGator].map((port) => ({
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        sourceSecurityGroupId: props.jumpHostGroupId,
        description: 'From the Jupyter jump host',
      })),
      securityGroupEgress: [{ ipProtocol: '-1', cidrIp: '0.0.0.0/0', description: 'Via the NAT gateway while it exists' }],
    });
    this.adminSecret = generatedSecret(this, 'AdminPassword', 'Password of the FileGator admin user (research lab)', storage);
    const exports = [
      ['LAB_STACK_NAME', Aws.STACK_NAME],
      ['LAB_REGION', Aws.REGION],
      ['LAB_SIGNAL_RESOURCE', FILEGATOR_LOGICAL_ID],
      ['LAB_ADMIN_SECRET_ARN', this.adminSecret.secretArn],
      ['FILEGATOR_IMAGE', FILEGATOR_IMAGE],
    ] as const;
    this.server = new LabInstance(this, 'Server', {
      logicalId: FILEGATOR_LOGICAL_ID,
      name: 'lab-private-ec2',
      role: 'filegator',
      sshVia: 'jupyter',
      instanceType: params.fileGatorInstanceType.valueAsString,
      volumeGb: 20,
      keyName: props.keyName,
      network: { subnetId: network.privateSubnet.ref, securityGroupId: this.securityGroup.attrGroupId },
      userData: labUserData(exports, [{ source: 'filegator/filegator_users.py', target: '/usr/local/share/imaging-lab/filegator_users.py', mode: '0644' }], 'filegator/filegator-install.sh'),
      statements: [...secretRead(this.adminSecret, storage), new iam.PolicyStatement({ actions: ['cloudformation:SignalResource'], resources: [Stack.of(this).stackId] })],
    });
    // Names the NAT gateway while it exists: an implicit dependency, so the first boot has its way out.
    // Removing the gateway later only changes this tag (no interruption, no replacement).
    Tags.of(this.server.instance).add('imaging-lab:nat-gateway', Fn.conditionIf(params.natOn.logicalId, network.natGateway.ref, 'none').toString());
    conditionAll(this, params.fileGatorOn);
  }
}
