import assert from 'node:assert/strict';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CIDR_PATTERN, PASSWORD_PATTERN } from '../../../templates/cdk/mde/mdeParameters';
import { mdeSynth } from './synthFixture';

// Synthesized CloudFormation JSON has no static type; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const template = (): Template => Template.fromJSON(mdeSynth().template);
const resources = (type: string): Json[] => Object.values(template().findResources(type));

describe('MDE template: security baseline', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(120_000);
  before(() => mdeSynth());

  it('requires IMDSv2 with one hop on the instance', () => {
    template().hasResourceProperties('AWS::EC2::Instance', {
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
    });
  });

  it('encrypts the root volume (gp3, 200 GB) and uses the Deep Learning Base AMI by dynamic reference', () => {
    template().hasResourceProperties('AWS::EC2::Instance', {
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { Encrypted: true, VolumeSize: 200, VolumeType: 'gp3' } }],
      ImageId: '{{resolve:ssm:/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-22.04/latest/ami-id}}',
    });
  });

  it('never opens ingress to 0.0.0.0/0 or ::/0, and every ingress source is the AllowedCidr parameter', () => {
    const rules = [
      ...resources('AWS::EC2::SecurityGroup').flatMap((sg) => (sg.Properties.SecurityGroupIngress ?? []) as Json[]),
      ...resources('AWS::EC2::SecurityGroupIngress').map((r) => r.Properties as Json),
    ];
    assert.ok(rules.length >= 5);
    for (const rule of rules) {
      assert.equal(rule.CidrIpv6, undefined);
      assert.deepEqual(rule.CidrIp, { Ref: 'AllowedCidr' }, JSON.stringify(rule));
    }
    assert.deepEqual(rules.map((r) => r.FromPort).sort((a, b) => a - b), [22, 104, 4242, 5601, 8042]);
  });

  it('lets the AllowedCidr parameter accept a /32 but never 0.0.0.0/0 or a range wider than /16', () => {
    const param = mdeSynth().template.Parameters as Json;
    assert.equal(param.AllowedCidr.AllowedPattern, CIDR_PATTERN);
    assert.equal(param.AllowedCidr.Default, undefined);
    const re = new RegExp(CIDR_PATTERN);
    for (const ok of ['127.0.0.7/32', '10.1.0.0/16', '192.168.1.0/24']) assert.ok(re.test(ok), ok);
    for (const bad of ['0.0.0.0/0', '10.0.0.0/8', '127.0.0.7', '256.1.1.1/32', '1.2.3.4/33', ' 1.2.3.4/32']) assert.ok(!re.test(bad), bad);
  });

  it('takes the monaiuser password as NoEcho with a complexity pattern, and keeps it out of user data', () => {
    const p = (mdeSynth().template.Parameters as Json).MonaiUserPassword;
    assert.equal(p.NoEcho, true);
    const re = new RegExp(PASSWORD_PATTERN);
    for (const good of ['Str0ng!pass', 'Eight1!a']) assert.ok(re.test(good), good);
    for (const weak of ['Sev1!aB', 'alllowercase1!', 'NoDigits!!', 'NoSymbol123', 'has space1!A']) assert.ok(!re.test(weak), weak);
    const userData = JSON.stringify(resources('AWS::EC2::Instance')[0]!.Properties.UserData);
    assert.ok(!userData.includes('"Ref":"MonaiUserPassword"'), 'password parameter must not reach user data');
    template().hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: { Ref: 'MonaiUserPassword' } });
  });

  it('generates the MinIO, RabbitMQ and MongoDB passwords in Secrets Manager, encrypted with the stack key', () => {
    const generated = resources('AWS::SecretsManager::Secret').filter((s) => s.Properties.GenerateSecretString);
    assert.equal(generated.length, 3);
    for (const s of resources('AWS::SecretsManager::Secret')) assert.ok(s.Properties.KmsKeyId, 'secret without CMK');
    template().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('puts no secret in an output', () => {
    const outputs = JSON.stringify(mdeSynth().template.Outputs);
    assert.ok(!/MonaiUserPassword|Secrets(MonaiUser|Minio|RabbitMq|Mongo)/.test(outputs), outputs);
    assert.ok(!/password/i.test(outputs));
  });

  it('grants the instance role only its secrets, its key via Secrets Manager and its own stack signal', () => {
    const policies = resources('AWS::IAM::ManagedPolicy');
    // The server's policy, and the idle auto-stop's PutMetricData confined to its namespace (idleStop.test.ts).
    assert.equal(policies.length, 2);
    const server = policies.find((p) => !JSON.stringify(p).includes('cloudwatch:PutMetricData'))!;
    const statements = server.Properties.PolicyDocument.Statement as Json[];
    const actions = statements.flatMap((s) => [s.Action].flat());
    assert.deepEqual(actions.sort(), ['cloudformation:SignalResource', 'kms:Decrypt', 'secretsmanager:GetSecretValue']);
    for (const s of statements) {
      assert.notEqual(s.Resource, '*');
      assert.ok(!JSON.stringify(s.Action).includes('*'), JSON.stringify(s.Action));
    }
    const signal = statements.find((s) => s.Action === 'cloudformation:SignalResource')!;
    assert.deepEqual(signal.Resource, { Ref: 'AWS::StackId' });
    template().hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':iam::aws:policy/AmazonSSMManagedInstanceCore']) ]) })]),
    });
    assert.equal(resources('AWS::IAM::Policy').filter((p) => JSON.stringify(p).includes('ServerRole')).length, 0);
  });

  it('keeps VPC flow logs in an encrypted log group with retention', () => {
    template().hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 'cloud-watch-logs', TrafficType: 'ALL' });
    template().hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
  });

  it('boots with its Elastic IP already on its network interface, after its policy is attached', () => {
    const instance = resources('AWS::EC2::Instance')[0]!;
    assert.equal(instance.Properties.SubnetId, undefined);
    assert.equal(instance.Properties.SecurityGroupIds, undefined);
    const eniRef = instance.Properties.NetworkInterfaces[0].NetworkInterfaceId.Ref as string;
    const ids = Object.keys(mdeSynth().template.Resources as Json);
    const association = ids.find((id) => (mdeSynth().template.Resources as Json)[id].Type === 'AWS::EC2::EIPAssociation')!;
    template().hasResourceProperties('AWS::EC2::EIPAssociation', { NetworkInterfaceId: { Ref: eniRef } });
    const policy = ids.find((id) => (mdeSynth().template.Resources as Json)[id].Type === 'AWS::IAM::ManagedPolicy' && id.startsWith('ServerPolicy'))!;
    assert.ok(instance.DependsOn.includes(association) && instance.DependsOn.includes(policy), JSON.stringify(instance.DependsOn));
    template().hasResourceProperties('AWS::EC2::NetworkInterface', { GroupSet: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('SecurityGroup'), 'GroupId'] }] });
  });

  it('names the key pair after the deployed stack, so two MDE stacks can share a region', () => {
    template().hasResourceProperties('AWS::EC2::KeyPair', { KeyName: { 'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-mde']] }, KeyType: 'ed25519' });
  });

  it('waits for one success signal within an hour, sent to the deployed stack name and this logical id', () => {
    template().hasResource('AWS::EC2::Instance', { CreationPolicy: { ResourceSignal: { Count: 1, Timeout: 'PT1H' } } });
    const parts = JSON.stringify(resources('AWS::EC2::Instance')[0]!.Properties.UserData);
    assert.ok(parts.includes(`export MDE_STACK_NAME='",{"Ref":"AWS::StackName"}`), 'stack name must be the deployed one');
    assert.ok(parts.includes("export MDE_SIGNAL_RESOURCE='MdeInstance'"));
    assert.ok(Object.keys(mdeSynth().template.Resources as Json).includes('MdeInstance'));
  });

  it('creates no S3 bucket (nothing to block or force to TLS); a future bucket must do both', () => {
    for (const bucket of resources('AWS::S3::Bucket')) {
      assert.ok(bucket.Properties.PublicAccessBlockConfiguration, 'bucket without public access block');
    }
    assert.equal(resources('AWS::S3::Bucket').length, 0);
  });
});
