import assert from 'node:assert/strict';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { renderTatorManifests } from '../../../src/core/kinds/tator/tatorManifests';
import { TATOR_CIDR_PATTERN, TATOR_VALUE_OUTPUTS } from '../../../src/core/kinds/tator/tatorValues';
import { KUBERNETES_VERSION } from '../../../templates/cdk/tator/tatorCluster';
import {
  BOOTSTRAP_SCRIPT,
  INSTALLER_METADATA_KEY,
  INSTALLER_SCRIPT,
  MANIFESTS_METADATA_KEY,
  TATOR_INSTALLER_LOGICAL_ID,
  TATOR_WAIT_LOGICAL_ID,
  tatorFile,
} from '../../../templates/cdk/tator/tatorInstaller';
import { nginxConf, SAMPLE_VALUES } from '../kinds/tator/tatorFixture';
import { evaluate, type References } from './cfnEval';
import { tatorSampleReferences } from './tatorReferences';
import { synthOf } from './synthFixture';

// Synthesized CloudFormation JSON has no static type; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const tator = () => synthOf('tator');
const json = (): Json => tator().template as Json;
const template = (): Template => Template.fromJSON(json());
const resources = (type: string): Json[] => Object.values(template().findResources(type));
const idsOf = (type: string): string[] => Object.keys(template().findResources(type));
const one = (type: string): Json => {
  const found = resources(type);
  assert.equal(found.length, 1, `${found.length} ${type}`);
  return found[0]!;
};
const CLUSTER_SG = { 'Fn::GetAtt': [Match.stringLikeRegexp('^EksCluster'), 'ClusterSecurityGroupId'] };

const sampleReferences = (): References => tatorSampleReferences(json());

describe('Tator template: security baseline', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(180_000);
  before(() => tator());

  it('requires IMDSv2 with one hop on the installer and on both node groups', () => {
    const installer = json().Resources[TATOR_INSTALLER_LOGICAL_ID];
    assert.deepEqual(installer.Properties.MetadataOptions, { HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1, HttpTokens: 'required' });
    const templates = resources('AWS::EC2::LaunchTemplate');
    assert.equal(templates.length, 2);
    for (const t of templates) assert.deepEqual(t.Properties.LaunchTemplateData.MetadataOptions, { HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1, HttpTokens: 'required' });
  });

  it('encrypts every volume, the file system, the database, the buckets, the logs, the secrets and Kubernetes secrets', () => {
    assert.ok(json().Resources[TATOR_INSTALLER_LOGICAL_ID].Properties.BlockDeviceMappings.every((m: Json) => m.Ebs.Encrypted === true));
    for (const t of resources('AWS::EC2::LaunchTemplate')) {
      const mappings = t.Properties.LaunchTemplateData.BlockDeviceMappings as Json[];
      assert.deepEqual(mappings.map((m) => m.DeviceName), ['/dev/xvda', '/dev/xvdb']);
      assert.ok(mappings.every((m) => m.Ebs.Encrypted === true && m.Ebs.VolumeType === 'gp3'));
    }
    const key = { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecretsKey'), 'Arn'] };
    template().hasResourceProperties('AWS::EFS::FileSystem', { Encrypted: true, KmsKeyId: key });
    template().hasResourceProperties('AWS::RDS::DBInstance', { StorageEncrypted: true, KmsKeyId: key, PubliclyAccessible: false });
    template().hasResourceProperties('AWS::EKS::Cluster', { EncryptionConfig: [{ Provider: { KeyArn: key }, Resources: ['secrets'] }] });
    for (const g of resources('AWS::Logs::LogGroup')) {
      assert.ok(g.Properties.KmsKeyId, 'log group without key');
      assert.equal(g.Properties.RetentionInDays, 365);
    }
    assert.equal(resources('AWS::Logs::LogGroup').length, 4, 'flow logs, EKS control plane, PostgreSQL and upgrade logs');
    for (const s of resources('AWS::SecretsManager::Secret')) assert.ok(s.Properties.KmsKeyId, 'secret without key');
    template().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('opens nothing to 0.0.0.0/0: every ingress rule comes from a security group, the nodes or the installer', () => {
    const rules = [
      ...resources('AWS::EC2::SecurityGroup').flatMap((sg) => (sg.Properties.SecurityGroupIngress ?? []) as Json[]),
      ...resources('AWS::EC2::SecurityGroupIngress').map((r) => r.Properties as Json),
    ];
    assert.deepEqual(rules.map((r) => r.FromPort).sort((a, b) => a - b), [443, 2049, 5432]);
    for (const rule of rules) {
      assert.equal(rule.CidrIp, undefined, JSON.stringify(rule));
      assert.equal(rule.CidrIpv6, undefined, JSON.stringify(rule));
      assert.ok(rule.SourceSecurityGroupId, JSON.stringify(rule));
    }
    template().hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('EFS'),
      SecurityGroupIngress: [{ FromPort: 2049, ToPort: 2049, IpProtocol: 'tcp', SourceSecurityGroupId: CLUSTER_SG }],
    });
    template().hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('PostgreSQL'),
      SecurityGroupIngress: [{ FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp', SourceSecurityGroupId: CLUSTER_SG }],
    });
    template().hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: CLUSTER_SG, FromPort: 443 });
  });

  it('takes the one allowed range as a /16-/32 parameter, for the Kubernetes API and the load balancer only', () => {
    const param = json().Parameters.AllowedCidr;
    assert.equal(param.AllowedPattern, TATOR_CIDR_PATTERN);
    assert.equal(param.Default, undefined);
    const re = new RegExp(TATOR_CIDR_PATTERN);
    for (const ok of ['127.0.0.7/32', '10.1.0.0/16']) assert.ok(re.test(ok), ok);
    for (const bad of ['0.0.0.0/0', '10.0.0.0/8', '127.0.0.7', '1.2.3.4/33', '127.0.0.7/32\n']) assert.ok(!re.test(bad), JSON.stringify(bad));
    template().hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: { EndpointPrivateAccess: true, EndpointPublicAccess: true, PublicAccessCidrs: [{ Ref: 'AllowedCidr' }] },
    });
    const manifests = evaluate(json().Resources[TATOR_INSTALLER_LOGICAL_ID].Metadata[MANIFESTS_METADATA_KEY], sampleReferences());
    assert.match(manifests, /loadBalancerSourceRanges:\n {4}- 127\.0\.0\.7\/32\n/);
  });

  it('generates every secret in CloudFormation and passes the database password by dynamic reference', () => {
    for (const p of Object.values(json().Parameters) as Json[]) assert.notEqual(p.NoEcho, true, 'no secret is asked for');
    const secrets = resources('AWS::SecretsManager::Secret');
    assert.equal(secrets.length, 3);
    assert.ok(secrets.every((s) => s.Properties.GenerateSecretString && s.Properties.SecretString === undefined));
    const password = JSON.stringify(one('AWS::RDS::DBInstance').Properties.MasterUserPassword);
    assert.match(password, /\{\{resolve:secretsmanager:/);
    const userData = JSON.stringify(json().Resources[TATOR_INSTALLER_LOGICAL_ID].Properties.UserData);
    assert.doesNotMatch(userData, /resolve:secretsmanager/);
  });

  it('puts no secret value in an output (the administrator secret by ARN only)', () => {
    const outputs = json().Outputs as Json;
    const text = JSON.stringify(outputs);
    assert.doesNotMatch(text, /resolve:secretsmanager|SecretString|password/i);
    assert.match(outputs.TatorAdminSecret.Value.Ref, /^SecretsAdminUser/);
    assert.equal(json().Resources[outputs.TatorAdminSecret.Value.Ref].Type, 'AWS::SecretsManager::Secret');
  });

  it('gives the installer only what it uses: its cluster, its three secrets through Secrets Manager, its own metadata', () => {
    const policies = resources('AWS::IAM::ManagedPolicy');
    assert.equal(policies.length, 1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement as Json[];
    assert.deepEqual(statements.flatMap((s) => [s.Action].flat()).sort(), ['cloudformation:DescribeStackResource', 'eks:DescribeCluster', 'kms:Decrypt', 'secretsmanager:GetSecretValue']);
    for (const s of statements) assert.ok(!JSON.stringify(s.Resource).includes('"*"'), JSON.stringify(s));
    assert.deepEqual(statements.find((s) => s.Action === 'cloudformation:DescribeStackResource')!.Resource, { Ref: 'AWS::StackId' });
    assert.equal((statements.find((s) => s.Action === 'secretsmanager:GetSecretValue')!.Resource as unknown[]).length, 3);
    template().hasResourceProperties('AWS::EKS::AccessEntry', {
      Type: 'STANDARD',
      AccessPolicies: [{ AccessScope: { Type: 'cluster' }, PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']] } }],
    });
  });

  it('gives pods roles through Pod Identity, scoped to the stack file system and media bucket', () => {
    const podRoles = resources('AWS::IAM::Role').filter((r) => JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('pods.eks.amazonaws.com'));
    assert.equal(podRoles.length, 2);
    for (const r of podRoles) {
      const statements = r.Properties.AssumeRolePolicyDocument.Statement as Json[];
      assert.deepEqual(statements.flatMap((s) => [s.Action].flat()).sort(), ['sts:AssumeRole', 'sts:TagSession']);
      assert.ok(statements.every((s) => s.Condition?.StringEquals?.['aws:SourceAccount']), 'trust limited to this account');
    }
    const policyText = JSON.stringify(resources('AWS::IAM::Policy'));
    assert.doesNotMatch(policyText, /"Action":"\*"|"s3:\*"|"kms:\*"|elasticfilesystem:\*/);
    const efsStatements = resources('AWS::IAM::Policy').find((p) => JSON.stringify(p).includes('elasticfilesystem:'))!.Properties.PolicyDocument.Statement as Json[];
    for (const s of efsStatements) {
      if (s.Resource === '*') assert.equal(s.Action, 'ec2:DescribeAvailabilityZones');
      else assert.deepEqual(s.Resource, { 'Fn::GetAtt': [idsOf('AWS::EFS::FileSystem')[0], 'Arn'] });
    }
    template().hasResourceProperties('AWS::EKS::PodIdentityAssociation', { Namespace: 'tator', ServiceAccount: 'tator' });
    template().hasResourceProperties('AWS::EKS::Addon', {
      AddonName: 'aws-efs-csi-driver',
      PodIdentityAssociations: [{ ServiceAccount: 'efs-csi-controller-sa', RoleArn: Match.anyValue() }],
    });
  });

  it('blocks public access and requires TLS on both buckets; CORS only for presigned media requests', () => {
    const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
    template().resourcePropertiesCountIs('AWS::S3::Bucket', { PublicAccessBlockConfiguration: blocked }, 2);
    for (const policy of resources('AWS::S3::BucketPolicy')) {
      assert.ok(JSON.stringify(policy.Properties.PolicyDocument).includes('{"Bool":{"aws:SecureTransport":"false"}}'));
    }
    const cors = resources('AWS::S3::Bucket').filter((b) => b.Properties.CorsConfiguration);
    assert.equal(cors.length, 1);
    assert.deepEqual(cors[0]!.Properties.CorsConfiguration.CorsRules[0].AllowedMethods, ['GET', 'PUT', 'HEAD']);
  });

  it('refuses unencrypted NFS and lets only mount-target clients in', () => {
    const policy = one('AWS::EFS::FileSystem').Properties.FileSystemPolicy.Statement as Json[];
    assert.ok(policy.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}'));
    assert.ok(policy.filter((s) => s.Effect === 'Allow').every((s) => s.Condition?.Bool?.['elasticfilesystem:AccessedViaMountTarget'] === 'true'));
    assert.equal(resources('AWS::EFS::MountTarget').length, 2);
  });

  it(`runs EKS ${KUBERNETES_VERSION} with API authentication and EKS-managed add-ons only`, () => {
    template().hasResourceProperties('AWS::EKS::Cluster', {
      Version: KUBERNETES_VERSION,
      AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: true },
      BootstrapSelfManagedAddons: false,
      UpgradePolicy: { SupportType: 'STANDARD' },
    });
    assert.deepEqual(resources('AWS::EKS::Addon').map((a) => a.Properties.AddonName).sort(), ['aws-efs-csi-driver', 'coredns', 'eks-pod-identity-agent', 'kube-proxy', 'vpc-cni']);
  });

  it('mirrors upstream compute: CPU group sized by parameter, GPU group on the NVIDIA AMI type at 0 by default', () => {
    const groups = resources('AWS::EKS::Nodegroup');
    const cpu = groups.find((g) => g.Properties.AmiType === 'BOTTLEROCKET_x86_64')!;
    const gpu = groups.find((g) => g.Properties.AmiType === 'BOTTLEROCKET_x86_64_NVIDIA')!;
    assert.deepEqual(cpu.Properties.ScalingConfig, { DesiredSize: { Ref: 'CpuWorkers' }, MinSize: 1, MaxSize: 10 });
    assert.deepEqual(gpu.Properties.ScalingConfig, { DesiredSize: { Ref: 'GpuWorkers' }, MinSize: 0, MaxSize: 10 });
    assert.equal(json().Parameters.GpuWorkers.Default, 0);
    assert.equal(json().Parameters.CpuWorkers.Default, 2);
    assert.equal(cpu.Properties.Labels.webServer, 'yes');
    assert.equal(gpu.Properties.Labels.gpuWorker, 'yes');
    assert.deepEqual(gpu.Properties.Taints, [{ Effect: 'NO_SCHEDULE', Key: 'nvidia.com/gpu', Value: 'true' }]);
    for (const g of groups) assert.deepEqual(g.Properties.Subnets.length, 2);
  });

  it('keeps the database private, backed up for 7 days, and snapshotted when the stack is deleted', () => {
    template().hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({ Engine: 'postgres', EngineVersion: '16', BackupRetentionPeriod: 7, DBInstanceClass: { Ref: 'DatabaseInstanceClass' } }),
    });
  });

  it('installs from a self-terminating instance that reports to a one-hour wait condition', () => {
    const installer = json().Resources[TATOR_INSTALLER_LOGICAL_ID];
    assert.equal(installer.Properties.InstanceInitiatedShutdownBehavior, 'terminate');
    const wait = json().Resources[TATOR_WAIT_LOGICAL_ID];
    assert.equal(wait.Properties.Timeout, '3600');
    assert.equal(wait.Properties.Count, 1);
    assert.ok([wait.DependsOn].flat().includes(TATOR_INSTALLER_LOGICAL_ID));
    const after = [installer.DependsOn].flat() as string[];
    for (const type of ['AWS::EKS::Nodegroup', 'AWS::RDS::DBInstance', 'AWS::EFS::MountTarget', 'AWS::EKS::AccessEntry', 'AWS::EKS::PodIdentityAssociation']) {
      assert.ok(idsOf(type).some((id) => after.includes(id)), `installer does not wait for ${type}`);
    }
    assert.ok(after.some((id) => json().Resources[id].Properties?.AddonName === 'coredns'));
    assert.ok(after.some((id) => json().Resources[id].Properties?.AddonName === 'aws-efs-csi-driver'));
  });

  it('hands the installer the deployed stack name and its inputs, in user data under the EC2 limit of 16 KB', () => {
    const userData = evaluate(json().Resources[TATOR_INSTALLER_LOGICAL_ID].Properties.UserData, sampleReferences());
    assert.match(userData, /^#!\/bin\/bash\nexport TATOR_STACK_NAME='tator-test'\nexport TATOR_REGION='us-east-1'\n/);
    assert.ok(userData.endsWith(tatorFile(BOOTSTRAP_SCRIPT).replace(/^#![^\n]*\n/, '')));
    assert.equal(json().Resources[TATOR_INSTALLER_LOGICAL_ID].Metadata[INSTALLER_METADATA_KEY], tatorFile(INSTALLER_SCRIPT));
    assert.match(userData, /export TATOR_SIGNAL_URL='https:\/\/cloudformation-waitcondition/);
    assert.equal((userData.match(/export TATOR_[A-Z_]+_SECRET_ARN='arn:aws:secretsmanager:/g) ?? []).length, 3);
    // Stack names are at most 128 characters, ARNs and the signal URL well under 1,200.
    assert.ok(Buffer.byteLength(userData) + 4 * 1200 <= 16_384, `${Buffer.byteLength(userData)} bytes`);
    assert.ok(Buffer.byteLength(userData) < 4_000, 'the installer travels in the metadata, not in user data');
  });

  it('carries in its metadata exactly what the renderer makes of the resolved values', () => {
    const manifests = evaluate(json().Resources[TATOR_INSTALLER_LOGICAL_ID].Metadata[MANIFESTS_METADATA_KEY], sampleReferences());
    assert.equal(manifests, renderTatorManifests(SAMPLE_VALUES, nginxConf()));
  });

  it('outputs the renderer values, Tator URL from the success signal, cluster name and kubeconfig hint', () => {
    const outputs = json().Outputs as Json;
    for (const name of Object.values(TATOR_VALUE_OUTPUTS)) assert.ok(outputs[name], name);
    const refs = { ...sampleReferences(), [`${TATOR_WAIT_LOGICAL_ID}.Data`]: '{"tator":"http://k8s-tator-nginx-0123456789.elb.us-east-1.amazonaws.com/"}' };
    assert.equal(evaluate(outputs.TatorUrl.Value, refs), 'http://k8s-tator-nginx-0123456789.elb.us-east-1.amazonaws.com/');
    assert.deepEqual(outputs.WebUrl.Value, outputs.TatorUrl.Value);
    assert.equal(evaluate(outputs.KubeconfigCommand.Value, refs), 'aws eks update-kubeconfig --region us-east-1 --name tator-test');
    assert.equal(evaluate(outputs.ClusterName.Value, refs), 'tator-test');
    for (const key of Object.keys(SAMPLE_VALUES) as (keyof typeof SAMPLE_VALUES)[]) {
      assert.equal(evaluate(outputs[TATOR_VALUE_OUTPUTS[key]].Value, refs), SAMPLE_VALUES[key], key);
    }
  });
});
