import assert from 'node:assert/strict';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { embeddedLabFile } from '../../../templates/cdk/lab/labFiles';
import { CIDR_PATTERN } from '../../../templates/cdk/mde/mdeParameters';
import { ACM_ARN_PATTERN, SUFFIX_PATTERN } from '../../../templates/cdk/lab/labParameters';
import { synthOf } from './synthFixture';

// Synthesized CloudFormation JSON has no static type; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const lab = (): Json => synthOf('lab').template as Json;
const template = (): Template => Template.fromJSON(lab());
const ofType = (type: string): [string, Json][] => Object.entries(lab().Resources as Json).filter(([, r]) => r.Type === type);
const resource = (id: string): Json => (lab().Resources as Json)[id];

/** Every Ref / GetAtt target inside `value`, with the conditions of the Fn::If branches it sits in. */
function references(value: unknown, guards: readonly string[] = []): { target: string; guards: readonly string[] }[] {
  if (Array.isArray(value)) return value.flatMap((v) => references(v, guards));
  if (!value || typeof value !== 'object') return [];
  const o = value as Json;
  if (typeof o.Ref === 'string') return [{ target: o.Ref, guards }];
  if (Array.isArray(o['Fn::GetAtt'])) return [{ target: o['Fn::GetAtt'][0], guards }];
  if (Array.isArray(o['Fn::If'])) {
    const [condition, whenTrue, whenFalse] = o['Fn::If'];
    return [...references(whenTrue, [...guards, condition]), ...references(whenFalse, guards)];
  }
  return Object.values(o).flatMap((v) => references(v, guards));
}

/** Conditions implied by `name` (itself, and the Condition members of an Fn::And, transitively). */
function implied(name: string | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (n: string): void => {
    if (out.has(n)) return;
    out.add(n);
    for (const part of (lab().Conditions as Json)[n]?.['Fn::And'] ?? []) if (part.Condition) visit(part.Condition);
  };
  if (name) visit(name);
  return out;
}

describe('lab template: security baseline', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(120_000);
  before(() => synthOf('lab'));

  it('requires IMDSv2 with one hop, encrypted gp3 roots and Amazon Linux 2023 by dynamic reference on both instances', () => {
    const instances = ofType('AWS::EC2::Instance');
    assert.deepEqual(instances.map(([id]) => id).sort(), ['FileGatorInstance', 'JupyterInstance']);
    for (const [, i] of instances) {
      assert.deepEqual(i.Properties.MetadataOptions, { HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1, HttpTokens: 'required' });
      assert.equal(i.Properties.BlockDeviceMappings[0].Ebs.Encrypted, true);
      assert.equal(i.Properties.BlockDeviceMappings[0].Ebs.VolumeType, 'gp3');
      assert.equal(i.Properties.ImageId, '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64}}');
      assert.deepEqual(i.CreationPolicy, { ResourceSignal: { Count: 1, Timeout: 'PT30M' } });
    }
  });

  it('never opens ingress to 0.0.0.0/0 or ::/0: CIDR sources are AllowedCidr, FileGator admits security groups only', () => {
    const rules: Json[] = [
      ...ofType('AWS::EC2::SecurityGroup').flatMap(([id, sg]) => ((sg.Properties.SecurityGroupIngress ?? []) as Json[]).map((r): Json => ({ id, ...r }))),
      ...ofType('AWS::EC2::SecurityGroupIngress').map(([id, r]): Json => ({ id, condition: r.Condition, ...(r.Properties as Json) })),
    ];
    assert.ok(rules.length >= 6, JSON.stringify(rules));
    for (const rule of rules) {
      assert.equal(rule.CidrIpv6, undefined);
      if (rule.CidrIp !== undefined) assert.deepEqual(rule.CidrIp, { Ref: 'AllowedCidr' }, JSON.stringify(rule));
      else assert.ok(rule.SourceSecurityGroupId, JSON.stringify(rule));
    }
    const jupyter = rules.filter((r) => r.CidrIp);
    assert.deepEqual(jupyter.map((r) => [r.FromPort, r.condition]).sort(), [[22, undefined], [8888, 'JupyterPortOpen']]);
    const fileGator = rules.filter((r) => r.SourceSecurityGroupId).map((r) => r.FromPort).sort();
    assert.deepEqual(fileGator, [22, 22, 8080, 8080]);
  });

  it('lets AllowedCidr accept a /32 but never 0.0.0.0/0, with no default; 8888 stays closed by default', () => {
    const params = lab().Parameters as Json;
    assert.equal(params.AllowedCidr.AllowedPattern, CIDR_PATTERN);
    assert.equal(params.AllowedCidr.Default, undefined);
    assert.equal(params.OpenJupyterPort.Default, 'false');
    const re = new RegExp(CIDR_PATTERN);
    assert.ok(re.test('127.0.0.7/32'));
    for (const bad of ['0.0.0.0/0', '10.0.0.0/8']) assert.ok(!re.test(bad), bad);
  });

  it('keeps Task 2 off by default; the NAT switch only matters with FileGator', () => {
    const params = lab().Parameters as Json;
    assert.equal(params.EnableFileGator.Default, 'false');
    assert.equal(params.EnableClientVpn.Default, 'false');
    assert.deepEqual([...implied('NatGatewayOn')].sort(), ['FileGatorOn', 'NatGatewayOn']);
  });

  it('generates the Jupyter token and the FileGator admin password in Secrets Manager (stack key); user data names them by ARN only', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    assert.deepEqual(secrets.map(([id]) => id).sort(), ['FileGatorAdminPassword', 'JupyterToken']);
    for (const [, s] of secrets) {
      assert.equal(s.Properties.GenerateSecretString.PasswordLength, 48);
      assert.equal(s.Properties.SecretString, undefined);
      assert.ok(s.Properties.KmsKeyId);
    }
    const jupyterUserData = JSON.stringify(resource('JupyterInstance').Properties.UserData);
    assert.ok(jupyterUserData.includes(`export LAB_TOKEN_SECRET_ARN='","{"Ref":"JupyterToken"}`.replace('","{', '",{')));
    for (const [id] of ofType('AWS::EC2::Instance')) {
      const text = JSON.stringify(resource(id).Properties.UserData);
      assert.ok(!/resolve:secretsmanager|"Fn::GetAtt":\["(JupyterToken|FileGatorAdminPassword)"|JUPYTER_TOKEN=[A-Za-z0-9]/.test(text), `${id} user data carries a secret`);
    }
    template().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('puts no secret in an output, and no parameter is a secret (nothing to echo)', () => {
    const outputs = lab().Outputs as Json;
    const values = JSON.stringify(Object.values(outputs).map((o) => o.Value));
    assert.ok(!/resolve:|SecretString|Password"\]|GenerateSecretString/.test(values), values);
    assert.deepEqual(outputs.JupyterTokenSecret.Value, { Ref: 'JupyterToken' });
    assert.deepEqual(outputs.FileGatorAdminSecret.Value, { Ref: 'FileGatorAdminPassword' });
    for (const [key, p] of Object.entries(lab().Parameters as Json)) assert.ok(!p.NoEcho, `${key} unexpectedly NoEcho`);
  });

  it('creates no IAM user or access key (the handout pasted access keys onto the instance)', () => {
    assert.deepEqual([...ofType('AWS::IAM::User'), ...ofType('AWS::IAM::AccessKey'), ...ofType('AWS::IAM::Policy')], []);
  });

  it("scopes every role to this stack's buckets, key, secrets, log group, queue and stack", () => {
    const stripped = (r: unknown): string => JSON.stringify(r);
    const uuid = '",{"Fn::Select":[2,{"Fn::Split":["/",{"Ref":"AWS::StackId"}]}]}';
    const statements = (id: string): Json[] => resource(id).Properties.PolicyDocument.Statement;
    const actions = (id: string): string[] => statements(id).flatMap((s) => [s.Action].flat()).sort();
    assert.deepEqual(actions('JupyterServerPolicy'), [
      'cloudformation:SignalResource', 'kms:Decrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 'secretsmanager:GetSecretValue',
    ]);
    assert.deepEqual(actions('FileGatorServerPolicy'), ['cloudformation:SignalResource', 'kms:Decrypt', 'secretsmanager:GetSecretValue']);
    assert.deepEqual(actions('PipelinePolicy'), [
      'kms:Decrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 'sqs:SendMessage',
    ]);
    for (const id of ['JupyterServerPolicy', 'FileGatorServerPolicy', 'PipelinePolicy', 'NetworkFlowLogPolicy']) {
      for (const s of statements(id)) {
        assert.notEqual(s.Resource, '*', `${id}: ${stripped(s)}`);
        assert.ok(!stripped(s.Action).includes('*'), `${id}: ${stripped(s.Action)}`);
        if (stripped(s.Action).includes('s3:')) assert.match(stripped(s.Resource), new RegExp(`lab-(input|output)-${uuid.replace(/[[\]{}()*+?.\\^$|]/g, '\\$&')}`));
        if (stripped(s.Action).includes('kms:')) assert.ok(s.Condition?.StringEquals?.['kms:ViaService'], `${id}: KMS only through a service`);
        if (s.Action === 'cloudformation:SignalResource') assert.deepEqual(s.Resource, { Ref: 'AWS::StackId' });
      }
    }
    // The Lambda's role carries no AWS-managed policy (no AWSLambdaBasicExecutionRole with logs:* on any group).
    assert.equal(resource('PipelineRole').Properties.ManagedPolicyArns, undefined);
    assert.deepEqual(resource('PipelinePolicy').Properties.Roles, [{ Ref: 'PipelineRole' }]);
  });

  it('blocks public access, forces TLS and encrypts both lab buckets with the stack key; names come from the stack id', () => {
    for (const [id, prefix] of [['StorageInputBucket', 'lab-input-'], ['StorageOutputBucket', 'lab-output-']] as const) {
      const b = resource(id).Properties;
      assert.deepEqual(b.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      assert.equal(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'aws:kms');
      assert.deepEqual(b.BucketName, { 'Fn::Join': ['', [prefix, { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]] });
    }
    for (const [, policy] of ofType('AWS::S3::BucketPolicy')) {
      template().hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: policy.Properties.Bucket,
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
    assert.equal(ofType('AWS::S3::BucketPolicy').length, 3);
  });

  it('wires upload -> Lambda without a cycle: the bucket waits for the permission, which names the bucket by its derived name', () => {
    const input = resource('StorageInputBucket');
    assert.deepEqual(input.Properties.NotificationConfiguration.LambdaConfigurations, [
      { Event: 's3:ObjectCreated:*', Function: { 'Fn::GetAtt': ['PipelineFunction', 'Arn'] } },
    ]);
    assert.ok([input.DependsOn].flat().includes('PipelineInvokeFromInputBucket'));
    const permission = resource('PipelineInvokeFromInputBucket').Properties;
    assert.equal(permission.Principal, 's3.amazonaws.com');
    assert.deepEqual(permission.SourceAccount, { Ref: 'AWS::AccountId' });
    assert.ok(!JSON.stringify(permission).includes('StorageInputBucket'), 'the permission must not reference the bucket resource');
    // No cycle anywhere: a depth-first walk over Ref, GetAtt and DependsOn edges.
    const resources = lab().Resources as Json;
    const edges = (id: string): string[] => [
      ...new Set([...references(resources[id].Properties).map((r) => r.target), ...[resources[id].DependsOn ?? []].flat()].filter((t) => t in resources)),
    ];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      assert.notEqual(state.get(id), 'open', `cycle: ${[...path, id].join(' -> ')}`);
      state.set(id, 'open');
      for (const next of edges(id)) visit(next, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of Object.keys(resources)) visit(id, []);
  });

  it('runs the repository file as the Python 3.13 function, with the suffix parameter and a dead-letter queue', () => {
    const fn = resource('PipelineFunction').Properties;
    assert.equal(fn.Runtime, 'python3.13');
    assert.equal(fn.Handler, 'index.handler');
    assert.equal(fn.Code.ZipFile, embeddedLabFile('lambda/process_image.py'));
    assert.deepEqual(fn.Environment.Variables.PROCESSED_SUFFIX, { Ref: 'ProcessedSuffix' });
    assert.deepEqual(fn.DeadLetterConfig.TargetArn, { 'Fn::GetAtt': ['PipelineDeadLetters', 'Arn'] });
    template().hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    const re = new RegExp(SUFFIX_PATTERN);
    assert.ok(re.test('-processed') && re.test('_v2'));
    for (const bad of ['', 'a/b', "x'y", 'a b']) assert.ok(!re.test(bad), bad);
  });

  it('tags instances per the contract (role, ssh-user; FileGator reached via jupyter)', () => {
    const tags = (id: string): Record<string, unknown> => Object.fromEntries((resource(id).Properties.Tags as Json[]).map((t) => [t.Key, t.Value]));
    assert.deepEqual(
      [tags('JupyterInstance')['imaging-lab:role'], tags('JupyterInstance')['imaging-lab:ssh-user'], tags('JupyterInstance')['imaging-lab:ssh-via']],
      ['jupyter', 'ec2-user', undefined],
    );
    assert.deepEqual(
      [tags('FileGatorInstance')['imaging-lab:role'], tags('FileGatorInstance')['imaging-lab:ssh-user'], tags('FileGatorInstance')['imaging-lab:ssh-via']],
      ['filegator', 'ec2-user', 'jupyter'],
    );
    assert.equal(resource('FileGatorInstance').Properties.SubnetId.Ref, 'NetworkPrivateSubnet');
    assert.equal(resource('NetworkPrivateSubnet').Properties.MapPublicIpOnLaunch, false);
  });

  it('references a conditional resource only from resources and outputs under the same (or a stronger) condition, or inside Fn::If', () => {
    const resources = lab().Resources as Json;
    const holders: [string, string | undefined, unknown][] = [
      ...Object.entries(resources).map(([id, r]): [string, string | undefined, unknown] => [id, r.Condition, [r.Properties, r.DependsOn ?? []]]),
      ...Object.entries(lab().Outputs as Json).map(([id, o]): [string, string | undefined, unknown] => [`output ${id}`, o.Condition, o.Value]),
    ];
    for (const [id, condition, body] of holders) {
      const holds = implied(condition);
      const refs = references(body);
      const dependsOn = [resources[id]?.DependsOn ?? []].flat().map((target: string) => ({ target, guards: [] as string[] }));
      for (const ref of [...refs, ...dependsOn]) {
        const needed = resources[ref.target]?.Condition as string | undefined;
        if (needed) assert.ok(holds.has(needed) || ref.guards.includes(needed), `${id} (${condition ?? 'always'}) references ${ref.target} (${needed})`);
      }
    }
  });

  it('switches the NAT gateway off as a clean update: only its route, gateway and EIP go, and FileGator only changes a tag', () => {
    const natOnly = Object.entries(lab().Resources as Json).filter(([, r]) => r.Condition === 'NatGatewayOn').map(([id, r]) => [id, r.Type]);
    assert.deepEqual(natOnly.sort(), [
      ['NetworkNatElasticIp', 'AWS::EC2::EIP'],
      ['NetworkNatGateway', 'AWS::EC2::NatGateway'],
      ['NetworkNatRoute', 'AWS::EC2::Route'],
    ]);
    const fileGator = resource('FileGatorInstance');
    const mentions = JSON.stringify(fileGator).match(/NatGatewayOn|NetworkNat/g) ?? [];
    assert.equal(mentions.length, 2, 'FileGator names the NAT gateway once, in an Fn::If');
    const tag = (fileGator.Properties.Tags as Json[]).find((t) => t.Key === 'imaging-lab:nat-gateway');
    assert.deepEqual(tag?.Value, { 'Fn::If': ['NatGatewayOn', { Ref: 'NetworkNatGateway' }, 'none'] });
    assert.equal(resource('NetworkNatRoute').Properties.RouteTableId.Ref, 'NetworkPrivateRouteTable');
  });

  it('builds the Client VPN with mutual TLS from the two ACM parameters, client CIDR 10.83.0.0/16 and a rule that refuses it without them', () => {
    const vpn = resource('ClientVpnEndpoint');
    assert.equal(vpn.Condition, 'ClientVpnOn');
    assert.equal(vpn.Properties.ClientCidrBlock, '10.83.0.0/16');
    assert.deepEqual(vpn.Properties.ServerCertificateArn, { Ref: 'ClientVpnServerCertificateArn' });
    assert.deepEqual(vpn.Properties.AuthenticationOptions, [
      { Type: 'certificate-authentication', MutualAuthentication: { ClientRootCertificateChainArn: { Ref: 'ClientVpnClientCaArn' } } },
    ]);
    assert.equal(vpn.Properties.SplitTunnel, true);
    assert.equal(vpn.Properties.ConnectionLogOptions.Enabled, true);
    assert.equal(resource('ClientVpnPrivateSubnetAccess').Properties.TargetNetworkCidr, '10.0.2.0/24');
    assert.ok([resource('ClientVpnPrivateSubnetAccess').DependsOn].flat().includes('ClientVpnAssociation'));
    const rule = (lab().Rules as Json).ClientVpnNeedsCertificates;
    assert.deepEqual(rule.RuleCondition, { 'Fn::Equals': [{ Ref: 'EnableClientVpn' }, 'true'] });
    assert.equal(rule.Assertions.length, 2);
    const re = new RegExp(ACM_ARN_PATTERN);
    assert.ok(re.test('') && re.test('arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666'));
    assert.ok(!re.test('arn:aws:iam::123456789012:role/x'));
  });

  it('outputs the contract: SSH via the Jupyter EIP with the stack key pair, and no WebUrl unless 8888 is opened', () => {
    const outputs = lab().Outputs as Json;
    assert.deepEqual(outputs.SshHost.Value, { Ref: 'JupyterElasticIp' });
    assert.equal(outputs.SshUser.Value, 'ec2-user');
    assert.deepEqual(outputs.KeyPairParameter.Value, { 'Fn::Join': ['', ['/ec2/keypair/', { 'Fn::GetAtt': ['KeyPair', 'KeyPairId'] }]] });
    assert.equal(outputs.WebUrl.Condition, 'JupyterPortOpen');
    assert.deepEqual(outputs.AllowMyIpPorts.Value, { 'Fn::If': ['JupyterPortOpen', '22,8888', '22'] });
    assert.equal(outputs.FileGatorPrivateIp.Condition, 'FileGatorOn');
    template().hasResourceProperties('AWS::EC2::KeyPair', { KeyName: { 'Fn::Join': ['', [{ Ref: 'AWS::StackName' }, '-lab']] }, KeyType: 'ed25519' });
  });
});
