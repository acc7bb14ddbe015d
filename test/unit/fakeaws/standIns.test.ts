import assert from 'node:assert/strict';
import { DescribeStacksCommand, CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand, ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';
import { scriptedAccount } from '../../fakeaws/scriptedAccount';
import type { FakeStandIns } from '../../fakeaws/model';

const credentials = { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' };
const STAND_INS: FakeStandIns = {
  ssh: { port: 2222, user: 'demo', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nstand-in\n-----END OPENSSH PRIVATE KEY-----\n', hostKeyLine: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStandIn' },
  dicomWebUrl: 'http://127.0.0.1:8042/dicom-web/studies',
  webUrl: 'http://127.0.0.1:8042/app/explorer.html',
  tatorUrl: 'http://127.0.0.1:8043/',
};

describe('fake AWS with the demo stand-ins', () => {
  let fake: FakeAws;
  const clients: { destroy(): void }[] = [];
  const client = <T extends { destroy(): void }>(c: T) => (clients.push(c), c);
  const outputsOf = async (name: string, region = 'us-east-1') => {
    const stack = (await client(new CloudFormationClient({ region, endpoint: fake.url, credentials })).send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    return Object.fromEntries((stack?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
  };

  beforeEach(async () => {
    fake = await startFakeAws({ ...scriptedAccount(), standIns: STAND_INS, operationDurationMs: 1 });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await fake.close();
  });

  it('points a seeded stack with an instance at the sshd, its key, the pinned host key and the DICOMweb stand-in', async () => {
    const outputs = await outputsOf('mde-research', 'eu-west-1');
    assert.equal(outputs.SshHost, '127.0.0.1');
    assert.equal(outputs.SshUser, 'demo');
    assert.equal(outputs.WebUrl, STAND_INS.webUrl);
    assert.equal(outputs.DicomWebUrl, STAND_INS.dicomWebUrl, 'an MDE stack gets the output that enables Send DICOM');
    assert.match(outputs.SecurityGroupId ?? '', /^sg-0[0-9a-f]{16}$/, 'and the outputs that enable Allow My IP');
    assert.equal(outputs.AllowMyIpPorts, '22');
    const ec2 = client(new EC2Client({ region: 'eu-west-1', endpoint: fake.url, credentials }));
    const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [outputs.InstanceId!] }))).Reservations?.[0]?.Instances?.[0];
    assert.equal(instance?.PublicIpAddress, '127.0.0.1');
    assert.equal(instance?.Tags?.find((t) => t.Key === 'imaging-lab:ssh-port')?.Value, '2222');
    const console = await ec2.send(new GetConsoleOutputCommand({ InstanceId: outputs.InstanceId! }));
    assert.match(Buffer.from(console.Output ?? '', 'base64').toString(), /ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStandIn/);
    const ssm = client(new SSMClient({ region: 'eu-west-1', endpoint: fake.url, credentials }));
    const name = `/ec2/keypair/${outputs.KeyPairParameter}`;
    assert.equal((await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value, STAND_INS.ssh.privateKey);
    const tags = (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList ?? [];
    assert.match(tags.find((t) => t.Key === 'aws:cloudformation:stack-id')?.Value ?? '', /:stack\/mde-research\//, 'the stack owns its key');
  });

  it('gives a stack without instances only its URLs on the stand-ins', async () => {
    // stowrs kind: its bucket, prefix and TLS outputs are names, not addresses, and stay as scripted.
    const stowrs = await outputsOf('stowrs-to-s3');
    assert.equal(stowrs.DicomWebUrl, STAND_INS.dicomWebUrl);
    assert.deepEqual(Object.keys(stowrs).filter((k) => /Url|Host$/.test(k)), ['DicomWebUrl']);
    assert.equal(stowrs.SshHost, undefined, 'no instance, no SSH');
    const tator = await outputsOf('tator-annotation', 'eu-west-1');
    // tator kind: its site is the Tator stand-in, not the Orthanc page.
    assert.equal(tator.WebUrl, STAND_INS.tatorUrl);
    assert.equal(tator.TatorUrl, STAND_INS.tatorUrl);
    assert.equal(tator.SshHost, undefined, 'no instance, no SSH');
  });

  it('gives a stack deployed from a template an instance on the sshd and stand-in outputs', async () => {
    const cfn = client(new CloudFormationClient({ region: 'us-east-1', endpoint: fake.url, credentials }));
    const template = { Resources: { Server: { Type: 'AWS::EC2::Instance' } }, Outputs: { SshHost: { Value: { 'Fn::GetAtt': ['Server', 'PublicIp'] } }, WebUrl: { Value: { 'Fn::Sub': 'https://${Server.PublicIp}/' } } } };
    await cfn.send(new CreateStackCommand({ StackName: 'new-orthanc', TemplateBody: JSON.stringify(template), Tags: [{ Key: 'imaging-lab:kind', Value: 'orthanc' }] }));
    await new Promise((r) => setTimeout(r, 1100));
    const outputs = await outputsOf('new-orthanc');
    assert.deepEqual([outputs.SshHost, outputs.WebUrl, outputs.DicomWebUrl, outputs.SshUser], ['127.0.0.1', STAND_INS.webUrl, STAND_INS.dicomWebUrl, 'demo']);
    assert.match(outputs.InstanceId ?? '', /^i-0[0-9a-f]{16}$/);
  });
});
