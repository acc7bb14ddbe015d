import assert from 'node:assert/strict';
import { AwsClients } from '../../../src/core/aws/clients';

describe('AwsClients', () => {
  const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

  it('creates one client per service and region, with adaptive retries', async () => {
    const clients = new AwsClients(credentials, 4);
    const a = await clients.cloudFormation('us-east-1');
    const b = await clients.cloudFormation('us-east-1');
    const c = await clients.cloudFormation('eu-west-1');
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.equal(await a.config.region(), 'us-east-1');
    assert.equal(await c.config.region(), 'eu-west-1');
    assert.equal(((await a.config.retryStrategy()) as { mode?: string }).mode, 'adaptive');
    assert.equal(await a.config.maxAttempts(), 4);
    await clients.dispose();
  });

  it('hands every service its own client type', async () => {
    const clients = new AwsClients(credentials);
    const names = await Promise.all(
      (['cloudFormation', 'ec2', 'ec2InstanceConnect', 's3', 'secretsManager', 'ssm', 'sts'] as const).map(async (s) => (await clients.get(s, 'us-east-1')).constructor.name),
    );
    assert.deepEqual(names, ['CloudFormationClient', 'EC2Client', 'EC2InstanceConnectClient', 'S3Client', 'SecretsManagerClient', 'SSMClient', 'STSClient']);
    await clients.dispose();
  });
});
