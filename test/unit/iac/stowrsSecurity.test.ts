import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { generateCertificateAuthority } from '../../../src/core/pki/certificates';
import { normalisePrefix } from '../../../src/core/kinds/stowrs/objectKeys';
import { BASE64_PATTERN, PREFIX_PATTERN, WADO_URL_PATTERN } from '../../../templates/cdk/stowrs/stowrsParameters';
import { STOWRS_ASG_LOGICAL_ID } from '../../../templates/cdk/stowrs/stowrsServer';
import { normaliseWadoUrl } from '../../../templates/stowrs/service/config';
import { synthOf } from './synthFixture';
import { propertyRuns } from '../../support/propertyRuns';

// Synthesized CloudFormation JSON has no static type; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const synth = () => synthOf('stowrs');
const template = (): Template => Template.fromJSON(synth().template);
const resources = (type: string): Json => template().findResources(type);
const only = (type: string): Json => {
  const found = Object.values(resources(type));
  assert.equal(found.length, 1, `one ${type}`);
  return found[0]!;
};
const logicalIdOf = (type: string): string => Object.keys(resources(type))[0]!;

describe('STOW-RS template: security baseline', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(120_000);
  before(() => synth());

  it('launches Amazon Linux 2023 (arm64, by dynamic reference) with IMDSv2, one hop, an encrypted root volume', () => {
    const data = only('AWS::EC2::LaunchTemplate').Properties.LaunchTemplateData;
    assert.equal(data.ImageId, '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64}}');
    assert.deepEqual(data.MetadataOptions, { HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1, HttpTokens: 'required' });
    assert.deepEqual(data.BlockDeviceMappings, [{ DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: true, Encrypted: true, VolumeSize: 16, VolumeType: 'gp3' } }]);
    assert.equal(data.KeyName, undefined, 'no SSH key: Session Manager only');
  });

  it('admits clients only from AllowedCidr on 443 (never 0.0.0.0/0), and the instance only from the load balancer', () => {
    const groups = resources('AWS::EC2::SecurityGroup');
    const lb = Object.keys(groups).find((id) => id.includes('LoadBalancerSecurityGroup'))!;
    const instance = Object.keys(groups).find((id) => id.includes('InstanceSecurityGroup'))!;
    assert.deepEqual(groups[lb].Properties.SecurityGroupIngress, [
      { CidrIp: { Ref: 'AllowedCidr' }, Description: 'STOW-RS (HTTPS) from the allowed CIDR', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    assert.equal(groups[instance].Properties.SecurityGroupIngress, undefined);
    const ingress = Object.values(resources('AWS::EC2::SecurityGroupIngress')) as Json[];
    assert.deepEqual(ingress.map((r) => r.Properties.FromPort).sort(), [443, 8081]);
    for (const rule of ingress) {
      assert.deepEqual(rule.Properties.SourceSecurityGroupId, { 'Fn::GetAtt': [lb, 'GroupId'] });
      assert.equal(rule.Properties.CidrIp, undefined);
    }
    const ingressText = JSON.stringify([Object.values(groups).map((g) => (g as Json).Properties.SecurityGroupIngress), ingress]);
    assert.ok(!ingressText.includes('0.0.0.0/0') && !ingressText.includes('::/0'), 'no ingress from everywhere');
    const parameter = (synth().template.Parameters as Json).AllowedCidr;
    assert.equal(parameter.Default, undefined);
    assert.ok(!new RegExp(parameter.AllowedPattern).test('0.0.0.0/0'));
    assert.ok(new RegExp(parameter.AllowedPattern).test('127.0.0.7/32'));
  });

  it('blocks public access, forces TLS and encrypts both buckets; the DICOM bucket (KMS) logs to the log bucket', () => {
    const buckets = resources('AWS::S3::Bucket');
    const dicom = Object.keys(buckets).find((id) => id.includes('DicomBucket'))!;
    const logs = Object.keys(buckets).find((id) => id.includes('AccessLogBucket'))!;
    for (const id of [dicom, logs]) {
      assert.deepEqual(buckets[id].Properties.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      assert.equal(buckets[id].Properties.VersioningConfiguration.Status, 'Enabled');
    }
    assert.equal(buckets[dicom].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, 'aws:kms');
    assert.deepEqual(buckets[dicom].Properties.LoggingConfiguration.DestinationBucketName, { Ref: logs });
    for (const policy of Object.values(resources('AWS::S3::BucketPolicy')) as Json[]) {
      const statements = policy.Properties.PolicyDocument.Statement as Json[];
      assert.ok(
        statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
        'TLS-only bucket policy',
      );
      assert.ok(!statements.some((s) => s.Effect === 'Allow' && (s.Principal === '*' || s.Principal?.AWS === '*')), 'no public grant');
    }
  });

  it('lets the load balancer write access logs only under nlb/AWSLogs/<account>/, from this account', () => {
    const logBucketPolicy = (Object.values(resources('AWS::S3::BucketPolicy')) as Json[]).find((p) => JSON.stringify(p).includes('delivery.logs.amazonaws.com'))!;
    const write = (logBucketPolicy.Properties.PolicyDocument.Statement as Json[]).find((s) => s.Action === 's3:PutObject' && s.Principal?.Service === 'delivery.logs.amazonaws.com')!;
    assert.match(JSON.stringify(write.Resource), /"\/nlb\/AWSLogs\/",\{"Ref":"AWS::AccountId"\},"\/\*"/);
    assert.deepEqual(write.Condition.StringEquals['aws:SourceAccount'], { Ref: 'AWS::AccountId' });
    template().hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }, { Key: 'access_logs.s3.prefix', Value: 'nlb' }]),
      Scheme: 'internet-facing',
      Type: 'network',
    });
  });

  it('grants the instance exactly its bucket, bundle object, key (via S3/Secrets Manager), secret, two parameters, log group and stack signal', () => {
    const policy = only('AWS::IAM::ManagedPolicy');
    const statements = policy.Properties.PolicyDocument.Statement as Json[];
    const byAction = Object.fromEntries(statements.map((s) => [[s.Action].flat().sort().join(','), s]));
    assert.deepEqual(Object.keys(byAction).sort(), [
      'cloudformation:SignalResource',
      'kms:Decrypt,kms:GenerateDataKey',
      'logs:CreateLogStream,logs:DescribeLogStreams,logs:PutLogEvents',
      's3:AbortMultipartUpload,s3:PutObject',
      's3:GetObject',
      'secretsmanager:GetSecretValue,secretsmanager:PutSecretValue',
      'ssm:PutParameter',
    ]);
    for (const s of statements) {
      assert.notEqual(s.Resource, '*');
      assert.ok(!JSON.stringify(s.Action).includes('*'));
    }
    const ids = Object.keys(synth().template.Resources as Json);
    const own = (resource: unknown) => {
      const text = JSON.stringify(resource);
      return ids.some((id) => text.includes(`"${id}"`)) || text.includes('ServiceBundleBucket') || text.includes('AWS::StackId');
    };
    for (const s of statements) for (const r of [s.Resource].flat()) assert.ok(own(r), `not a stack resource: ${JSON.stringify(r)}`);
    assert.deepEqual(byAction['s3:GetObject']!.Resource, {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'ServiceBundleBucket' }, '/', { Ref: 'ServiceBundleKey' }]],
    });
    assert.deepEqual(byAction['cloudformation:SignalResource']!.Resource, { Ref: 'AWS::StackId' });
    assert.ok(byAction['kms:Decrypt,kms:GenerateDataKey']!.Condition.StringEquals['kms:ViaService'].length === 2);
    assert.equal(Object.keys(resources('AWS::IAM::Policy')).filter((id) => id.startsWith('Server')).length, 0, 'no inline policy on the instance role');
  });

  it('keeps the endpoint key in a KMS-encrypted secret (generated placeholder, never a parameter) and no secret in outputs', () => {
    const secret = only('AWS::SecretsManager::Secret');
    assert.ok(secret.Properties.GenerateSecretString);
    assert.ok(secret.Properties.KmsKeyId);
    assert.equal(secret.Properties.SecretString, undefined);
    for (const [name, p] of Object.entries(synth().template.Parameters as Json)) {
      assert.ok(!/password|secret|token|privatekey/i.test(name), `${name} looks like a secret parameter`);
      assert.equal((p as Json).NoEcho, undefined);
    }
    const outputs = JSON.stringify(synth().template.Outputs);
    assert.ok(!outputs.includes(logicalIdOf('AWS::SecretsManager::Secret')), 'the secret is not an output');
    template().hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('encrypts logs (KMS, one-year retention) and the alarm topic, and enforces TLS on the topic', () => {
    for (const group of Object.values(resources('AWS::Logs::LogGroup')) as Json[]) {
      assert.ok(group.Properties.KmsKeyId);
      assert.equal(group.Properties.RetentionInDays, 365);
    }
    const topic = only('AWS::SNS::Topic');
    assert.ok(topic.Properties.KmsMasterKeyId);
    const topicPolicy = only('AWS::SNS::TopicPolicy');
    assert.ok(JSON.stringify(topicPolicy).includes('aws:SecureTransport'));
  });

  it('terminates TLS at the load balancer with the ACM certificate only in acm-certificate mode, and passes it through otherwise', () => {
    const listener = only('AWS::ElasticLoadBalancingV2::Listener').Properties;
    assert.deepEqual(listener.Protocol, { 'Fn::If': ['UseAcmCertificate', 'TLS', 'TCP'] });
    assert.deepEqual(listener.Certificates, { 'Fn::If': ['UseAcmCertificate', [{ CertificateArn: { Ref: 'CertificateArn' } }], { Ref: 'AWS::NoValue' }] });
    assert.deepEqual(listener.SslPolicy, { 'Fn::If': ['UseAcmCertificate', 'ELBSecurityPolicy-TLS13-1-2-2021-06', { Ref: 'AWS::NoValue' }] });
    assert.equal(listener.Port, 443);
    const group = only('AWS::ElasticLoadBalancingV2::TargetGroup').Properties;
    assert.deepEqual(group.Protocol, { 'Fn::If': ['UseAcmCertificate', 'TLS', 'TCP'] });
    assert.deepEqual([group.HealthCheckProtocol, group.HealthCheckPort, group.HealthCheckPath], ['HTTP', '8081', '/health']);
  });

  it('replaces an unhealthy instance (ELB health checks), waits for its signal, and rolls updates one at a time', () => {
    const asg = (synth().template.Resources as Json)[STOWRS_ASG_LOGICAL_ID];
    assert.equal(asg.Type, 'AWS::AutoScaling::AutoScalingGroup');
    assert.deepEqual([asg.Properties.MinSize, asg.Properties.MaxSize, asg.Properties.HealthCheckType], ['1', '1', 'ELB']);
    assert.deepEqual(asg.CreationPolicy, { ResourceSignal: { Count: 1, Timeout: 'PT20M' } });
    assert.equal(asg.UpdatePolicy.AutoScalingRollingUpdate.WaitOnResourceSignals, true);
    assert.ok(asg.DependsOn.includes(logicalIdOf('AWS::IAM::ManagedPolicy')));
    assert.ok(asg.Properties.NotificationConfigurations[0].NotificationTypes.includes('autoscaling:EC2_INSTANCE_TERMINATE'));
    assert.ok(JSON.stringify(asg.Properties.Tags).includes('"imaging-lab:role","PropagateAtLaunch":true,"Value":"stowrs"'));
  });

  it('alarms on 5xx answers, S3 write failures and no healthy instance, notifying the topic', () => {
    const filters = (Object.values(resources('AWS::Logs::MetricFilter')) as Json[]).map((f) => f.Properties.FilterPattern).sort();
    assert.deepEqual(filters, ['{ $.event = "part-not-stored" }', '{ $.event = "request" && $.status >= 500 }']);
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm')) as Json[];
    assert.equal(alarms.length, 3);
    for (const alarm of alarms) assert.deepEqual(alarm.Properties.AlarmActions, [{ Ref: logicalIdOf('AWS::SNS::Topic') }]);
    assert.ok(alarms.some((a) => a.Properties.MetricName === 'HealthyHostCount' && a.Properties.ComparisonOperator === 'LessThanThreshold'));
  });

  it('passes the service settings and the signal target to the installer, quoted, and stays under the 16 KB user-data limit', () => {
    const parts = only('AWS::EC2::LaunchTemplate').Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Join'][1] as unknown[];
    const literal = parts.filter((p): p is string => typeof p === 'string').join('');
    assert.ok(literal.includes(`export STOWRS_SIGNAL_RESOURCE='${STOWRS_ASG_LOGICAL_ID}'`));
    for (const name of ['Prefix', 'WadoUrl', 'LogLevel', 'TlsMode', 'ClientCaCertificate', 'ServiceBundleSha256']) {
      const at = parts.findIndex((p) => JSON.stringify(p) === JSON.stringify({ Ref: name }));
      assert.ok(at > 0 && String(parts[at - 1]).endsWith("='") && String(parts[at + 1]).startsWith("'\n"), `${name} is exported in single quotes`);
    }
    // Worst case: every substituted value at its longest (parameters by MaxLength or pattern, names and ARNs generously).
    const params = synth().template.Parameters as Json;
    const longest = (p: Json): number => p.MaxLength ?? Math.max(...((p.AllowedValues as string[] | undefined) ?? ['x'.repeat(600)]).map((v) => v.length));
    const tokens = parts.filter((p) => typeof p !== 'string') as Json[];
    const worst = Buffer.byteLength(literal) + tokens.reduce((sum, t) => sum + (t.Ref && params[t.Ref] ? longest(params[t.Ref]) : 300), 0);
    assert.ok(worst <= 16_384, `user data may reach ${worst} bytes`);
  });
});

describe('STOW-RS template parameters agree with the service', () => {
  it('refuses at CreateStack an ACM mode without certificate or domain, and a client-certificate mode without CA', () => {
    const rules = synth().template.Rules as Json;
    assert.deepEqual(rules.AcmModeNeedsCertificate.RuleCondition, { 'Fn::Equals': [{ Ref: 'TlsMode' }, 'acm-certificate'] });
    assert.deepEqual(
      rules.AcmModeNeedsCertificate.Assertions.map((a: Json) => a.Assert),
      [{ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CertificateArn' }, ''] }] }, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DomainName' }, ''] }] }],
    );
    assert.deepEqual(rules.ClientCertificatesNeedCa.RuleCondition, { 'Fn::Equals': [{ Ref: 'TlsMode' }, 'generated-client-certificates'] });
    assert.deepEqual(rules.ClientCertificatesNeedCa.Assertions[0].Assert, { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ClientCaCertificate' }, ''] }] });
  });

  it('PREFIX: the pattern admits exactly what the service normalises without error', () => {
    const re = new RegExp(PREFIX_PATTERN);
    const accepts = (raw: string) => {
      try {
        normalisePrefix(raw);
        return true;
      } catch {
        return false;
      }
    };
    for (const raw of ['', '/', 'lab', '/lab//one/', 'a.b_c-d', '..', 'a/../b', './x', 'a b', 'x?y', `${'a/'.repeat(8)}a`]) assert.equal(re.test(raw), accepts(raw), raw);
    // The service also trims surrounding spaces, which the parameter never carries.
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'Z', '9', '.', '_', '-', '/', ' ', '%'), { maxLength: 24 }), (chars) => {
        const raw = chars.join('');
        if (raw === raw.trim()) assert.equal(re.test(raw), accepts(raw), JSON.stringify(raw));
        else assert.equal(re.test(raw), false, JSON.stringify(raw));
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('WADOURL: every URL the pattern admits is one the service accepts', () => {
    const re = new RegExp(WADO_URL_PATTERN);
    for (const url of ['', 'https://pacs.test/dicom-web', 'http://10.0.0.5:8042/dicom-web/', 'https://h.test/a%20b']) {
      assert.ok(re.test(url), url);
      assert.doesNotThrow(() => normaliseWadoUrl(url), url);
    }
    for (const bad of ['ftp://x', 'https://u:p@h/', 'https://h/?q=1', "https://h/'x", 'https://h/ x']) assert.ok(!re.test(bad), bad);
  });

  it('ClientCaCertificate: takes the base64 DER of a CA made by src/core/pki, refuses PEM armour, spaces and quotes', async () => {
    const ca = await generateCertificateAuthority({ commonName: 'Imaging Lab STOW-RS clients' });
    const body = ca.certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    const re = new RegExp(BASE64_PATTERN);
    assert.ok(re.test(body));
    assert.ok(body.length <= 2400, `${body.length} characters`);
    for (const bad of [ca.certificatePem, `${body} `, `'${body}'`, body.slice(0, -1)]) assert.ok(!re.test(bad));
  });
});
