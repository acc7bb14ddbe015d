import assert from 'node:assert/strict';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ORTHANC_KIND } from '../../../src/core/kinds/orthanc/orthancKind';
import { CIDR_PATTERN } from '../../../templates/cdk/mde/mdeParameters';
import { BUNDLE_FILES, compactForUserData, readOrthancFile } from '../../../templates/cdk/orthanc/orthancFiles';
import { ORTHANC_AE_TITLE, ORTHANC_PORTS } from '../../../templates/cdk/orthanc/orthancPorts';
import { AL2023_SSM_PARAMETER, ORTHANC_INSTANCE_LOGICAL_ID } from '../../../templates/cdk/orthanc/orthancServer';
import { heredocFiles, renderedUserData, userDataParts } from '../../support/userDataText';
import { synthOf } from './synthFixture';

// Synthesized CloudFormation JSON has no static type; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const synth = () => synthOf('orthanc');
const json = (): Json => synth().template as Json;
const template = (): Template => Template.fromJSON(synth().template);
const resources = (type: string): [string, Json][] => Object.entries(template().findResources(type));
const only = (type: string): Json => {
  const found = resources(type);
  assert.equal(found.length, 1, `${type}: ${found.length}`);
  return found[0]![1];
};
const instance = (): Json => json().Resources[ORTHANC_INSTANCE_LOGICAL_ID];
const userData = (): string => renderedUserData(json(), ORTHANC_INSTANCE_LOGICAL_ID);

describe('Orthanc template: security baseline', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(120_000);
  before(() => synth());

  describe('instance', () => {
    it('requires IMDSv2 with two hops (Orthanc in its container uses the instance role for S3)', () => {
      assert.deepEqual(instance().Properties.MetadataOptions, { HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 2, HttpTokens: 'required' });
    });

    it('runs Amazon Linux 2023 by dynamic reference, with no key pair', () => {
      assert.equal(instance().Properties.ImageId, `{{resolve:ssm:${AL2023_SSM_PARAMETER}}}`);
      assert.equal(instance().Properties.KeyName, undefined);
      assert.equal(resources('AWS::EC2::KeyPair').length, 0);
    });

    it('encrypts the root volume and, in the evaluation profile only, the index volume', () => {
      const [root, index] = instance().Properties.BlockDeviceMappings as Json[];
      assert.deepEqual(root, { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 30, VolumeType: 'gp3' } });
      assert.equal(index!['Fn::If'][0], 'EvaluationProfile');
      assert.equal(index!['Fn::If'][1].Ebs.Encrypted, true);
      assert.deepEqual(index!['Fn::If'][2], { Ref: 'AWS::NoValue' });
    });

    it('carries the role and SSH-user tags of the stack contract', () => {
      const tags = Object.fromEntries((instance().Properties.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
      assert.equal(tags['imaging-lab:role'], 'orthanc');
      assert.equal(tags['imaging-lab:ssh-user'], 'ec2-user');
    });

    it('waits for one signal, sent by the installer to the deployed stack name and this logical id', () => {
      assert.deepEqual(instance().CreationPolicy, { ResourceSignal: { Count: 1, Timeout: 'PT45M' } });
      const parts = JSON.stringify(instance().Properties.UserData);
      assert.ok(parts.includes(`export ORTHANC_STACK_NAME='",{"Ref":"AWS::StackName"}`), 'stack name must be the deployed one');
      assert.ok(parts.includes(`export ORTHANC_SIGNAL_RESOURCE='${ORTHANC_INSTANCE_LOGICAL_ID}'`));
      // The signal only follows the health checks through nginx.
      const text = userData();
      assert.ok(text.indexOf('wait_until_healthy\n') < text.lastIndexOf('signal SUCCESS'));
    });

    it('boots with its Elastic IP already on its network interface, after its policy is attached', () => {
      assert.equal(instance().Properties.SubnetId, undefined);
      const eni = instance().Properties.NetworkInterfaces[0].NetworkInterfaceId.Ref as string;
      template().hasResourceProperties('AWS::EC2::EIPAssociation', { NetworkInterfaceId: { Ref: eni } });
      const [association] = resources('AWS::EC2::EIPAssociation')[0]!;
      const [policy] = resources('AWS::IAM::ManagedPolicy')[0]!;
      assert.ok(instance().DependsOn.includes(association) && instance().DependsOn.includes(policy), JSON.stringify(instance().DependsOn));
    });
  });

  describe('network', () => {
    it('never opens ingress to 0.0.0.0/0 or ::/0: web ports from WebCidr, DICOM-TLS from DicomCidr, PostgreSQL from the VPC', () => {
      const rules: Json[] = resources('AWS::EC2::SecurityGroup').flatMap(([id, sg]) => ((sg.Properties.SecurityGroupIngress ?? []) as Json[]).map((r) => ({ id, ...r })));
      assert.equal(resources('AWS::EC2::SecurityGroupIngress').length, 0);
      for (const rule of rules) {
        assert.equal(rule.CidrIpv6, undefined);
        assert.notEqual(rule.CidrIp, '0.0.0.0/0');
      }
      const byPort = (port: number) => rules.filter((r) => r.FromPort === port && r.ToPort === port).map((r) => r.CidrIp);
      assert.deepEqual(byPort(443), [{ Ref: 'WebCidr' }]);
      assert.deepEqual(byPort(22), [{ Ref: 'WebCidr' }]);
      assert.deepEqual(byPort(11112), [{ Ref: 'DicomCidr' }]);
      const postgres = byPort(5432);
      assert.equal(postgres.length, 1);
      assert.match(postgres[0]['Fn::GetAtt'][0], /NetworkVpc/);
      assert.equal(postgres[0]['Fn::GetAtt'][1], 'CidrBlock');
      assert.equal(rules.length, 4, JSON.stringify(rules));
    });

    it('takes both CIDRs without a default, through a pattern that admits a /32 and never 0.0.0.0/0', () => {
      const re = new RegExp(CIDR_PATTERN);
      for (const name of ['WebCidr', 'DicomCidr']) {
        const p = json().Parameters[name];
        assert.equal(p.Default, undefined, name);
        assert.equal(p.AllowedPattern, CIDR_PATTERN, name);
      }
      for (const ok of ['127.0.0.7/32', '10.1.0.0/16']) assert.ok(re.test(ok), ok);
      for (const bad of ['0.0.0.0/0', '10.0.0.0/8', '127.0.0.7']) assert.ok(!re.test(bad), bad);
    });

    it('spans two zones with public and private subnets, an internet gateway, no NAT, flow logs and an S3 gateway endpoint', () => {
      const subnets = resources('AWS::EC2::Subnet').map(([, s]) => s.Properties);
      assert.equal(subnets.length, 4);
      assert.deepEqual(subnets.map((s) => s.AvailabilityZone['Fn::Select'][0]).sort(), [0, 0, 1, 1]);
      assert.equal(subnets.filter((s) => s.MapPublicIpOnLaunch === false).length, 4);
      assert.equal(resources('AWS::EC2::InternetGateway').length, 1);
      assert.equal(resources('AWS::EC2::NatGateway').length, 0);
      template().hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', ServiceName: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
      assert.match(JSON.stringify(only('AWS::EC2::VPCEndpoint').Properties.ServiceName), /\.s3/);
      template().hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 'cloud-watch-logs', TrafficType: 'ALL' });
      template().hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
    });
  });

  describe('database (production profile)', () => {
    it('exists only in the production profile, with every resource of it', () => {
      const conditioned = Object.entries(json().Resources as Json).filter(([, r]) => r.Condition === 'ProductionProfile').map(([, r]) => r.Type as string);
      assert.deepEqual(
        [...conditioned].sort(),
        ['AWS::EC2::SecurityGroup', 'AWS::RDS::DBInstance', 'AWS::RDS::DBSubnetGroup', 'AWS::SecretsManager::Secret', 'AWS::SecretsManager::SecretTargetAttachment'].sort(),
      );
      assert.deepEqual(json().Conditions.ProductionProfile, { 'Fn::Equals': [{ Ref: 'Profile' }, 'production'] });
    });

    it('is PostgreSQL, encrypted with the stack key, private, Multi-AZ by parameter, its password a dynamic reference', () => {
      const db = only('AWS::RDS::DBInstance').Properties;
      assert.equal(db.Engine, 'postgres');
      assert.equal(db.StorageEncrypted, true);
      assert.deepEqual(db.KmsKeyId, { 'Fn::GetAtt': [resources('AWS::KMS::Key')[0]![0], 'Arn'] });
      assert.equal(db.PubliclyAccessible, false);
      assert.deepEqual(db.MultiAZ, { Ref: 'MultiAz' });
      assert.deepEqual(db.DBInstanceClass, { Ref: 'DatabaseClass' });
      assert.equal(db.Port, '5432');
      assert.match(JSON.stringify(db.MasterUserPassword), /\{\{resolve:secretsmanager:",\{"Ref":"[A-Za-z0-9]+"\},":SecretString:password::\}\}/);
      assert.ok(db.BackupRetentionPeriod >= 7);
      const group = only('AWS::RDS::DBSubnetGroup').Properties.SubnetIds as { Ref: string }[];
      assert.ok(group.every((s) => /PrivateSubnet/.test(s.Ref)), JSON.stringify(group));
    });
  });

  describe('secrets', () => {
    it('are all generated by CloudFormation, encrypted with the stack key, alphanumeric (they go into JSON files verbatim)', () => {
      const secrets = resources('AWS::SecretsManager::Secret').map(([, s]) => s.Properties);
      assert.equal(secrets.length, 2);
      for (const s of secrets) {
        assert.ok(s.GenerateSecretString, 'not generated');
        assert.equal(s.SecretString, undefined);
        assert.ok(s.KmsKeyId);
        const g = s.GenerateSecretString;
        assert.ok(g.ExcludePunctuation === true || /^ !"#\$%&'\(\)\*\+,-\.\/:;<=>\?@\[\\\]\^_`\{\|\}~$/.test(g.ExcludeCharacters), JSON.stringify(g));
        assert.equal(g.GenerateStringKey, 'password');
        assert.ok(JSON.parse(g.SecretStringTemplate).username);
      }
      template().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    });

    it('take no secret as a parameter', () => {
      for (const [name, p] of Object.entries(json().Parameters as Json)) {
        assert.ok(!/password|secret|token/i.test(name), name);
        assert.equal(p.NoEcho, undefined, name);
      }
    });

    it('never appear in outputs: the credentials output is the secret ARN', () => {
      const outputs = JSON.stringify(json().Outputs);
      assert.ok(!outputs.includes('resolve:secretsmanager'));
      assert.ok(!/password/i.test(outputs), outputs);
      const [adminId] = resources('AWS::SecretsManager::Secret').find(([, s]) => s.Condition === undefined)!;
      assert.deepEqual(json().Outputs.DicomWebCredentialsSecret.Value, { Ref: adminId });
    });

    it('reach the instance as ARNs and end in 0600 files, never in user data or environment variables', () => {
      const text = userData();
      assert.ok(!text.includes('resolve:secretsmanager'));
      assert.match(text, /export ORTHANC_ADMIN_SECRET_ARN='placeholder-DataOrthanc/);
      assert.match(text, /export ORTHANC_DB_SECRET_ARN='placeholder-DatabasePostgresSecretAttachment/);
      const compose = heredocFiles(text).get('docker-compose.yml')!;
      assert.ok(!/environment:|env_file:/.test(compose), 'the compose file passes no environment');
      assert.match(compose, /target: orthanc-credentials\.json/);
      assert.match(compose, /target: orthanc-database\.json/);
      assert.match(readOrthancFile('install.sh'), /umask 077 && printf '\{ "RegisteredUsers"/);
    });
  });

  describe('instance role', () => {
    it('has Session Manager and one policy scoped to this stack: its secrets, bucket, key, parameters and signal', () => {
      template().hasResourceProperties('AWS::IAM::Role', {
        ManagedPolicyArns: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':iam::aws:policy/AmazonSSMManagedInstanceCore'])]) })]),
      });
      const statements = only('AWS::IAM::ManagedPolicy').Properties.PolicyDocument.Statement as Json[];
      const actions = statements.flatMap((s) => [s.Action].flat()).sort();
      assert.deepEqual(actions, [
        'cloudformation:SignalResource',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        's3:DeleteObject',
        's3:GetBucketLocation',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
        'ssm:PutParameter',
      ]);
      for (const s of statements) {
        assert.equal(s.Effect, 'Allow');
        assert.ok(!JSON.stringify(s.Resource).includes('"*"'), JSON.stringify(s));
        assert.ok(!JSON.stringify(s.Action).includes('*'));
      }
      const bucketId = resources('AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration)![0];
      const s3Objects = statements.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
      assert.deepEqual(s3Objects.Resource, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] });
      const kms = statements.find((s) => [s.Action].flat().includes('kms:Decrypt'))!;
      assert.equal(kms.Condition.StringEquals['kms:ViaService'].length, 2);
      const ssm = statements.find((s) => s.Action === 'ssm:PutParameter')!;
      assert.deepEqual(
        (ssm.Resource as Json[]).map((r) => r['Fn::Join'][1].at(-1).Ref).sort(),
        resources('AWS::SSM::Parameter').map(([id]) => id).sort(),
      );
      assert.deepEqual(statements.find((s) => s.Action === 'cloudformation:SignalResource')!.Resource, { Ref: 'AWS::StackId' });
      const secretsRead = statements.find((s) => s.Action === 'secretsmanager:GetSecretValue')!.Resource as Json[];
      assert.equal(secretsRead.length, 2);
      assert.equal(secretsRead[1]!['Fn::If'][0], 'ProductionProfile');
    });
  });

  describe('buckets', () => {
    it('block public access, deny plain HTTP, version, and keep images under the stack key with access logs', () => {
      const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
      template().resourcePropertiesCountIs('AWS::S3::Bucket', { PublicAccessBlockConfiguration: blocked, VersioningConfiguration: { Status: 'Enabled' } }, 2);
      template().hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        LoggingConfiguration: Match.anyValue(),
      });
      for (const [, policy] of resources('AWS::S3::BucketPolicy')) {
        const statements = policy.Properties.PolicyDocument.Statement as Json[];
        assert.ok(statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}'));
      }
    });
  });

  describe('contract', () => {
    it('has the standard outputs, pointing at nginx on the Elastic IP', () => {
      const o = json().Outputs as Json;
      const eip = resources('AWS::EC2::EIP')[0]![0];
      const on = (suffix: string) => ({ 'Fn::Join': ['', ['https://', { Ref: eip }, suffix]] });
      assert.deepEqual(o.WebUrl.Value, on('/'));
      assert.deepEqual(o.DicomWebUrl.Value, on('/dicom-web/studies'));
      assert.deepEqual(o.DicomHost.Value, { Ref: eip });
      assert.equal(o.DicomPort.Value, String(ORTHANC_PORTS.dicomTls));
      assert.equal(o.DicomAeTitle.Value, ORTHANC_AE_TITLE);
      assert.deepEqual(o.InstanceId.Value, { Ref: ORTHANC_INSTANCE_LOGICAL_ID });
      assert.equal(o.AllowMyIpPorts.Value, '22,443,11112');
      assert.equal(o.DatabaseEndpoint.Condition, 'ProductionProfile');
      for (const key of ['ImageBucket', 'TlsFingerprintParameter', 'TlsCaCertificateParameter', 'SecurityGroupId', 'DicomWebCredentialsSecret']) assert.ok(o[key], key);
    });

    it("agrees with the kind record's DICOM-TLS port and AE title, and its Allow-my-IP ports", () => {
      const dimse = ORTHANC_KIND.ports.find((p) => p.dimseAeTitle);
      assert.deepEqual([dimse?.port, dimse?.dimseAeTitle], [ORTHANC_PORTS.dicomTls, ORTHANC_AE_TITLE]);
      assert.deepEqual(ORTHANC_KIND.ports.filter((p) => p.allowMyIp).map((p) => p.port).sort((a, b) => a - b), [22, 443, 11112]);
    });

    it("names the certificate parameters after the deployed stack, so two Orthanc stacks can share a region", () => {
      for (const [, p] of resources('AWS::SSM::Parameter')) {
        assert.deepEqual(p.Properties.Name['Fn::Join'][1][1], { Ref: 'AWS::StackName' });
        assert.equal(p.Properties.Type, 'String');
      }
    });
  });

  describe('user data', () => {
    it('carries the files of templates/orthanc/ (comments and indentation aside) and then the installer', () => {
      const files = heredocFiles(userData());
      assert.deepEqual([...files.keys()], [...BUNDLE_FILES]);
      for (const name of BUNDLE_FILES) assert.equal(files.get(name), compactForUserData(name, readOrthancFile(name)), name);
      assert.ok(userData().endsWith(compactForUserData('install.sh', readOrthancFile('install.sh'))));
    });

    it('stays under the EC2 limit of 16 KB with the longest values CloudFormation can substitute', () => {
      const { literalBytes, values } = userDataParts(json(), ORTHANC_INSTANCE_LOGICAL_ID);
      // Upper bounds from the service limits: stack name 128; region 14; profile 10; bucket 63; IPv4 15;
      // secret ARNs 64 + a 50-character generated name; RDS endpoint 63 + 45; the two parameter names 13 + 128 + 31.
      const longest = 128 + 14 + 10 + 63 + 15 + 114 + 114 + 108 + 172 + 172;
      assert.equal(values.length, 10, JSON.stringify(values));
      assert.ok(literalBytes + longest <= 16_384, `user data may reach ${literalBytes + longest} bytes`);
    });
  });
});
