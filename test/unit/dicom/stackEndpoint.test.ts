import assert from 'node:assert/strict';
import { DescribeSecretCommand, GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsClients } from '../../../src/core/aws/clients';
import { authFromSecretString, fetchStackAuth, stackDicomTarget } from '../../../src/core/dicom/stackEndpoint';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import { mockDuringSuite } from '../ssh/awsFakes';

const stack = (outputs: Record<string, string>): StackInfo => ({
  region: 'eu-west-1',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orthanc-lab/1',
  stackName: 'orthanc-lab',
  status: 'CREATE_COMPLETE',
  createdAt: '2026-01-01T00:00:00.000Z',
  kind: 'orthanc',
  kindEvidence: 'tag',
  tags: {},
  outputs: Object.entries(outputs).map(([key, value]) => ({ key, value })),
  parameters: [],
  terminationProtection: false,
});

describe('DICOMweb targets from stack outputs', () => {
  const sm = mockDuringSuite(SecretsManagerClient);
  afterEach(() => sm.reset());

  it('reads DicomWebUrl and DicomWebCredentialsSecret, and ignores stacks without a URL', () => {
    assert.deepEqual(stackDicomTarget(stack({ DicomWebUrl: 'https://orthanc.localhost/dicom-web/studies', DicomWebCredentialsSecret: 'orthanc-lab/dicomweb' })), {
      stackName: 'orthanc-lab',
      stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orthanc-lab/1',
      region: 'eu-west-1',
      url: 'https://orthanc.localhost/dicom-web/studies',
      credentialsSecret: 'orthanc-lab/dicomweb',
    });
    assert.equal(stackDicomTarget(stack({ WebUrl: 'https://x' })), undefined);
  });

  it('parses username/password JSON in common spellings, tokens, and explains a useless secret', () => {
    assert.deepEqual(authFromSecretString('{"username":"orthanc","password":"p"}'), { kind: 'basic', username: 'orthanc', password: 'p' });
    assert.deepEqual(authFromSecretString('{"User":"a","Password":"b"}'), { kind: 'basic', username: 'a', password: 'b' });
    assert.deepEqual(authFromSecretString('{"token":"t0k"}'), { kind: 'bearer', token: 't0k' });
    assert.deepEqual(authFromSecretString('  raw-token  '), { kind: 'bearer', token: 'raw-token' });
    assert.throws(() => authFromSecretString('{"host":"x"}'), /neither a token nor a username and password/);
  });

  it('fetches the secret in the stack region with the abort signal, and needs none without a secret output', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orthanc-lab/dicomweb-AbCdEf';
    sm.on(DescribeSecretCommand, { SecretId: 'orthanc-lab/dicomweb' }).resolves({ ARN: arn, Tags: [{ Key: 'aws:cloudformation:stack-id', Value: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orthanc-lab/1' }] });
    sm.on(GetSecretValueCommand, { SecretId: arn }).resolves({
      ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orthanc-lab/dicomweb-AbCdEf',
      Name: 'orthanc-lab/dicomweb',
      SecretString: '{"username":"orthanc","password":"generated"}',
      VersionId: 'v1',
      VersionStages: ['AWSCURRENT'],
    });
    const clients = new AwsClients(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }));
    const signal = new AbortController().signal;
    const target = stackDicomTarget(stack({ DicomWebUrl: 'https://o/dicom-web', DicomWebCredentialsSecret: 'orthanc-lab/dicomweb' }));
    assert.ok(target);
    assert.deepEqual(await fetchStackAuth(clients, target, signal), { kind: 'basic', username: 'orthanc', password: 'generated' });
    assert.equal(await (await clients.secretsManager('eu-west-1')).config.region(), 'eu-west-1');
    assert.deepEqual(await fetchStackAuth(clients, { ...target, credentialsSecret: undefined }), { kind: 'none' });
    sm.on(DescribeSecretCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }));
    await assert.rejects(fetchStackAuth(clients, { ...target, credentialsSecret: 'gone' }), ResourceNotFoundException);
  });
});
