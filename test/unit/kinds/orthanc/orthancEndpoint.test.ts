import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { orthancSendEndpoint } from '../../../../src/core/kinds/orthanc/orthancEndpoint';
import { caFileName, orthancDicomTlsSettings } from '../../../../src/core/kinds/orthanc/orthancTrustFiles';
import { PublishedCertificateError } from '../../../../src/core/kinds/orthanc/publishedCertificate';
import { assertServesPublished } from '../../../../src/core/kinds/orthanc/servedCertificate';
import { generateCertificateAuthority, issueCertificate, type KeyMaterial } from '../../../../src/core/pki/certificates';
import type { StackInfo } from '../../../../src/core/stacks/stackInfo';
import { mockDuringSuite, testClients } from '../../ssh/awsFakes';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/orthanc-lab/0b1c2d3e-0000-4000-8000-00000000000c';
const OWNER = [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID }];
const FP_PARAM = '/orthanc-lab/tls/fingerprint';
const CA_PARAM = '/orthanc-lab/tls/ca';

function orthancStack(overrides: Record<string, string> = {}): StackInfo {
  const outputs = {
    DicomWebUrl: 'https://127.0.0.1:8443/dicom-web/studies',
    DicomWebCredentialsSecret: 'orthanc-lab/admin',
    WebUrl: 'https://127.0.0.1:8443/',
    DicomHost: '127.0.0.1',
    DicomPort: '11112',
    DicomAeTitle: 'ORTHANC',
    TlsFingerprintParameter: FP_PARAM,
    TlsCaCertificateParameter: CA_PARAM,
    ...overrides,
  };
  return {
    region: 'us-east-1', stackId: STACK_ID, stackName: 'orthanc-lab', status: 'CREATE_COMPLETE', createdAt: '2026-11-30T00:00:00.000Z',
    kind: 'orthanc', kindEvidence: 'tag', tags: {}, parameters: [], terminationProtection: false,
    outputs: Object.entries(outputs).map(([key, value]) => ({ key, value })),
  };
}

describe('Orthanc: trusting the instance through the certificate it published in SSM', () => {
  const ssm = mockDuringSuite(SSMClient);
  const sm = mockDuringSuite(SecretsManagerClient);
  const cfn = mockDuringSuite(CloudFormationClient);
  let ca: KeyMaterial;
  let server: KeyMaterial;
  let https: Server | undefined;

  before(async () => {
    ca = await generateCertificateAuthority({ commonName: 'Orthanc test CA' });
    server = await issueCertificate(ca, { commonName: 'orthanc', usage: 'server', ipAddresses: ['127.0.0.1'] });
  });
  after(() => https?.close());

  function publish(values: Record<string, string>, tags = OWNER): void {
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: tags });
    for (const [name, value] of Object.entries(values)) ssm.on(GetParameterCommand, { Name: name }).resolves({ Parameter: { Name: name, Value: value } });
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [] });
    sm.on(DescribeSecretCommand).resolves({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orthanc-lab/admin-AbCdEf', Tags: OWNER });
    sm.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"admin","password":"s3cret"}' });
  }

  it('Send DICOM: the DicomWebUrl, pinned to the published fingerprint, with the credentials of the stack\'s own secret', async () => {
    publish({ [FP_PARAM]: server.fingerprintSha256.toLowerCase() });
    const endpoint = await orthancSendEndpoint(testClients(), orthancStack());
    assert.deepEqual(endpoint, { url: 'https://127.0.0.1:8443/dicom-web/studies', auth: { kind: 'basic', username: 'admin', password: 's3cret' }, pinSha256: server.fingerprintSha256 });
    assert.equal(endpoint.insecure, undefined, 'never insecure');
  });

  it('a parameter the stack does not own, or one listed as its resource', async () => {
    publish({ [FP_PARAM]: server.fingerprintSha256 }, [{ Key: 'aws:cloudformation:stack-id', Value: STACK_ID.replace('0b1c', 'ffff') }]);
    await assert.rejects(orthancSendEndpoint(testClients(), orthancStack()), (e: Error) => e instanceof PublishedCertificateError && /does not belong to the stack/.test(e.message));
    assert.equal(ssm.commandCalls(GetParameterCommand).length, 0, 'not read');
    assert.equal(sm.commandCalls(GetSecretValueCommand).length, 0, 'no secret read');
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [{ ResourceType: 'AWS::SSM::Parameter', PhysicalResourceId: FP_PARAM, LogicalResourceId: 'Fp', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() }] });
    assert.equal((await orthancSendEndpoint(testClients(), orthancStack())).pinSha256, server.fingerprintSha256);
  });

  it('refuses before reading any secret: not yet published, malformed, no output, a bad name, plain http', async () => {
    const cases: [Record<string, string>, Record<string, string>, RegExp][] = [
      [{ [FP_PARAM]: 'pending: written by the instance on first boot' }, {}, /has not published its certificate fingerprint yet/],
      [{ [FP_PARAM]: 'AA:BB' }, {}, /not a SHA-256 fingerprint/],
      [{}, { TlsFingerprintParameter: '' }, /no TlsFingerprintParameter output/],
      [{}, { TlsFingerprintParameter: '../etc/passwd x' }, /not an SSM parameter name/],
      [{ [FP_PARAM]: server.fingerprintSha256 }, { DicomWebUrl: 'http://127.0.0.1:8042/dicom-web/studies' }, /not a plain https URL/],
    ];
    for (const [values, outputs, message] of cases) {
      ssm.reset();
      sm.reset();
      publish(values);
      await assert.rejects(orthancSendEndpoint(testClients(), orthancStack(outputs)), (e: Error) => e instanceof PublishedCertificateError && message.test(e.message), message.source);
      assert.equal(sm.commandCalls(GetSecretValueCommand).length, 0, `${message.source}: no secret read`);
    }
  });

  it('Show DICOM-TLS Settings: saves the published CA (0600 in a 0700 folder) and names it with host, port, AE title and fingerprint', async () => {
    publish({ [FP_PARAM]: server.fingerprintSha256, [CA_PARAM]: ca.certificatePem });
    const dir = join(mkdtempSync(join(tmpdir(), 'orthanc-ca-')), 'orthanc');
    try {
      const settings = await orthancDicomTlsSettings(testClients(), orthancStack(), dir);
      assert.deepEqual(settings, { host: '127.0.0.1', port: 11112, calledAeTitle: 'ORTHANC', caFile: join(dir, 'orthanc-lab-ca.crt'), fingerprint: server.fingerprintSha256 });
      assert.equal(readFileSync(settings.caFile, 'utf8').trim(), ca.certificatePem.trim());
      assert.equal(statSync(settings.caFile).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(caFileName('../../x y'), 'xy-ca.crt');
      ssm.reset();
      publish({ [FP_PARAM]: server.fingerprintSha256, [CA_PARAM]: server.certificatePem });
      await assert.rejects(orthancDicomTlsSettings(testClients(), orthancStack(), join(dir, 'other')), /not a CA certificate/);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('Open Orthanc: the served certificate must be the published one', async () => {
    https = createServer({ cert: server.certificatePem, key: server.privateKeyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => https!.listen(0, '127.0.0.1', resolve));
    const url = new URL(`https://127.0.0.1:${(https.address() as AddressInfo).port}/`);
    await assertServesPublished(url, server.fingerprintSha256, 'orthanc-lab');
    const other = await generateCertificateAuthority({ commonName: 'someone else' });
    await assert.rejects(assertServesPublished(url, other.fingerprintSha256, 'orthanc-lab'), (e: Error) => e instanceof PublishedCertificateError && e.message.includes(server.fingerprintSha256) && /not the one Orthanc on orthanc-lab published/.test(e.message));
    await assert.rejects(assertServesPublished(new URL('https://127.0.0.1:9/'), server.fingerprintSha256, 'orthanc-lab'), /Cannot reach 127\.0\.0\.1:9 over TLS/);
  });
});
