import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, Fn, Stack, Tags, Validations } from 'aws-cdk-lib';
import type { IDependable } from 'constructs';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { renderTatorManifests } from '../../../src/core/kinds/tator/tatorManifests';
import type { TatorManifestValues } from '../../../src/core/kinds/tator/tatorValues';

/** Files of this kind that the stack embeds: the installer script and nginx's site configuration. */
export const TATOR_FILES_DIR = join(__dirname, '..', '..', 'tator');
export const INSTALLER_SCRIPT = 'tator-install.sh';
/** The user data body: reads the installer from the metadata below and runs it. */
export const BOOTSTRAP_SCRIPT = 'tator-bootstrap.sh';
export const TATOR_INSTALLER_LOGICAL_ID = 'TatorInstaller';
export const TATOR_WAIT_LOGICAL_ID = 'TatorInstalled';
/** Metadata keys of the installer instance (read with DescribeStackResource): too large for user data. */
export const MANIFESTS_METADATA_KEY = 'ImagingLab::TatorManifests';
export const INSTALLER_METADATA_KEY = 'ImagingLab::TatorInstaller';
/** Unique id the installer signals with; the URL is the signal's Data. */
export const SIGNAL_UNIQUE_ID = 'tator';
/** One hour for the whole install; the installer gives up after 50 minutes so its own reason arrives first. */
export const INSTALL_TIMEOUT_SECONDS = 3600;

export function tatorFile(name: string): string {
  return readFileSync(join(TATOR_FILES_DIR, name), 'utf8');
}

export interface TatorInstallerProps {
  readonly vpc: ec2.Vpc;
  readonly key: kms.Key;
  readonly clusterName: string;
  readonly clusterArn: string;
  readonly nodeSecurityGroupId: string;
  /** Values as CloudFormation references: the manifests are rendered at synth and resolved by CloudFormation. */
  readonly values: TatorManifestValues;
  readonly secrets: { readonly database: secretsmanager.ISecret; readonly django: secretsmanager.ISecret; readonly admin: secretsmanager.ISecret };
  /** Everything the install needs up and running first (nodes, add-ons, EFS mount targets, database). */
  readonly after: readonly IDependable[];
}

/**
 * A short-lived instance that installs Tator from inside the VPC, then terminates itself: the user
 * needs no kubectl, eksctl or helm. Its role may read its three secrets and its own metadata, and an
 * EKS access entry makes it cluster admin. It reports to a wait condition: SUCCESS with Tator's URL
 * once Tator answers, or FAILURE with the reason, which CloudFormation shows and rolls back on.
 */
export class TatorInstaller extends Construct {
  readonly waitCondition: cloudformation.CfnWaitCondition;

  constructor(scope: Construct, id: string, props: TatorInstallerProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Tator installer: no inbound; HTTPS out to the cluster API, AWS APIs and dl.k8s.io',
      allowAllOutbound: true,
    });
    const apiAccess = new ec2.CfnSecurityGroupIngress(this, 'ClusterApiFromInstaller', {
      groupId: props.nodeSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      sourceSecurityGroupId: securityGroup.securityGroupId,
      description: 'Kubernetes API (private endpoint) from the Tator installer',
    });

    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [props.clusterArn] }),
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.secrets.database.secretArn, props.secrets.django.secretArn, props.secrets.admin.secretArn],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [props.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
        }),
        new iam.PolicyStatement({ actions: ['cloudformation:DescribeStackResource'], resources: [Aws.STACK_ID] }),
      ],
    });
    const access = new eks.CfnAccessEntry(this, 'ClusterAdmin', {
      clusterName: props.clusterName,
      principalArn: role.roleArn,
      type: 'STANDARD',
      accessPolicies: [
        { policyArn: `arn:${Aws.PARTITION}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`, accessScope: { type: 'cluster' } },
      ],
    });

    const handle = new cloudformation.CfnWaitConditionHandle(this, 'SignalHandle');
    const instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: { subnets: props.vpc.privateSubnets.slice(0, 1) },
      instanceType: new ec2.InstanceType('t3.small'),
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'),
      securityGroup,
      role,
      userData: ec2.UserData.custom(userData([
        // Aws.STACK_NAME, not stack.stackName: the latter is the synth-time construct name.
        ['TATOR_STACK_NAME', Aws.STACK_NAME],
        ['TATOR_REGION', Aws.REGION],
        ['TATOR_CLUSTER_NAME', props.clusterName],
        ['TATOR_MANIFEST_RESOURCE', TATOR_INSTALLER_LOGICAL_ID],
        ['TATOR_SIGNAL_URL', handle.ref],
        ['TATOR_DB_SECRET_ARN', props.secrets.database.secretArn],
        ['TATOR_DJANGO_SECRET_ARN', props.secrets.django.secretArn],
        ['TATOR_ADMIN_SECRET_ARN', props.secrets.admin.secretArn],
      ])),
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }) }],
      instanceInitiatedShutdownBehavior: ec2.InstanceInitiatedShutdownBehavior.TERMINATE,
    });
    const cfnInstance = instance.node.defaultChild as ec2.CfnInstance;
    cfnInstance.overrideLogicalId(TATOR_INSTALLER_LOGICAL_ID);
    // On the instance itself: CDK's requireImdsv2 adds a launch template with a fixed name.
    cfnInstance.metadataOptions = { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 };
    cfnInstance.addMetadata(INSTALLER_METADATA_KEY, tatorFile(INSTALLER_SCRIPT));
    cfnInstance.addMetadata(MANIFESTS_METADATA_KEY, renderTatorManifests(props.values, tatorFile('nginx.conf')));
    Tags.of(instance).add('Name', Fn.join('-', [Aws.STACK_NAME, 'tator-installer']), { priority: 200 });
    instance.node.addDependency(policy, access, apiAccess, ...props.after);
    Validations.of(instance).acknowledge(
      { id: 'AwsSolutions-EC28', reason: 'The installer runs for under an hour once and terminates itself; detailed monitoring would bill a month of metrics for it.' },
      { id: 'HIPAA.Security-EC2InstanceDetailedMonitoringEnabled', reason: 'The installer runs for under an hour once and terminates itself; detailed monitoring would bill a month of metrics for it.' },
      { id: 'AwsSolutions-EC29', reason: 'The installer terminates itself when done; termination protection would stop that and stop the stack from deleting.' },
      {
        id: 'AwsSolutions-EC26',
        reason: 'The root volume is Encrypted (checked by tatorSecurity.test.ts); the rule misfires on an instance without a launch template in a stack that has some.',
      },
      { id: 'CloudFormation-Validate::E1152', reason: 'The image id is a {{resolve:ssm:...}} dynamic reference to the public Amazon Linux 2023 parameter, resolved at deploy time.' },
    );

    this.waitCondition = new cloudformation.CfnWaitCondition(this, 'Installed', { handle: handle.ref, count: 1, timeout: String(INSTALL_TIMEOUT_SECONDS) });
    this.waitCondition.overrideLogicalId(TATOR_WAIT_LOGICAL_ID);
    Validations.of(Stack.of(this)).acknowledge({
      id: 'CloudFormation-Validate::F6101',
      reason: 'A wait condition Data attribute is the JSON text of its signals (documented: usable in outputs); the URL is its fourth double-quote-separated field.',
    });
    this.waitCondition.node.addDependency(cfnInstance);
  }

  /** Tator's URL from the success signal's Data ({"tator":"http://<load balancer>/"}). */
  get tatorUrl(): string {
    return Fn.select(3, Fn.split('"', this.waitCondition.attrData.toString()));
  }
}

/** Exports the installer's inputs, then the bootstrap (templates/tator/tator-bootstrap.sh). */
function userData(exports: readonly [string, string][]): string {
  const header = ['#!/bin/bash', ...exports.map(([k, v]) => `export ${k}='${v}'`)].join('\n');
  return `${header}\n${tatorFile(BOOTSTRAP_SCRIPT).replace(/^#![^\n]*\n/, '')}`;
}
