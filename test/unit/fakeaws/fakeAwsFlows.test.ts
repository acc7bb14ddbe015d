import assert from 'node:assert/strict';
import { ACMClient } from '@aws-sdk/client-acm';
import { EKSClient } from '@aws-sdk/client-eks';
import { AwsClients } from '../../../src/core/aws/clients';
import { accountChoices } from '../../../src/core/deploy/accountChoices';
import { executeUpdate, planUpdate } from '../../../src/core/deploy/changeSet';
import { createStack } from '../../../src/core/deploy/createStack';
import { cancelDeployment } from '../../../src/core/deploy/deleteStack';
import { templateSource } from '../../../src/core/deploy/templateStaging';
import { fetchStackAuth } from '../../../src/core/dicom/stackEndpoint';
import { deleteClientVpnCertificates, importClientVpnCertificates } from '../../../src/core/kinds/lab/acmCertificates';
import { listReceivedStudies } from '../../../src/core/kinds/stowrs/receivedStudies';
import { listReceivedStudyUids } from '../../../src/core/kinds/stowrs/receivedStudyUids';
import { describeEksCluster } from '../../../src/core/kinds/tator/eksKubeconfigEntry';
import { generateCertificateAuthority, issueCertificate } from '../../../src/core/pki/certificates';
import { allowMyIp, listMyIpRules, resolveIngressTarget, revokeMyIpRules } from '../../../src/core/net/allowMyIp';
import { pushInstanceConnectKey } from '../../../src/core/ssh/instanceConnect';
import { listStacks } from '../../../src/core/stacks/listStacks';
import type { FakeAccount } from '../../fakeaws/model';
import { startFakeAws, type FakeAws } from '../../fakeaws/server';

const REGION = 'us-east-1';
const TEMPLATE = JSON.stringify({
  Parameters: { InstanceType: { Type: 'String', Default: 't3.micro' }, AdminPassword: { Type: 'String', NoEcho: true } },
  Resources: {
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'lab' } },
    Key: { Type: 'AWS::EC2::KeyPair', Properties: { KeyName: 'lab-key' } },
    Server: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: { Ref: 'InstanceType' } } },
  },
  Outputs: { AllowMyIpPorts: { Value: '22,8888' } },
});

function account(): FakeAccount {
  return {
    accountId: '111122223333',
    userName: 'researcher',
    pageSize: 2,
    operationDurationMs: 4000,
    regions: {
      [REGION]: {
        stacks: [
          {
            name: 'lab', tags: { 'imaging-lab:kind': 'lab' }, templateBody: TEMPLATE, parameters: { InstanceType: 't3.micro', AdminPassword: 'in-clear-on-purpose' },
            resources: [
              { logicalId: 'Sg', type: 'AWS::EC2::SecurityGroup' }, { logicalId: 'Key', type: 'AWS::EC2::KeyPair', physicalId: 'lab-key' },
              { logicalId: 'Server', type: 'AWS::EC2::Instance', physicalId: 'i-0lab0000000000009' }, { logicalId: 'Cluster', type: 'AWS::EKS::Cluster', physicalId: 'tator-lab' },
            ],
            instances: [{ instanceId: 'i-0lab0000000000009', logicalId: 'Server', privateIp: '10.0.0.9', publicIp: '127.0.0.1' }],
            createdAgoMs: 3_600_000,
          },
        ],
        secrets: [{ name: 'lab/dicomweb', value: '{"username":"lab","password":"s3cret"}', stack: 'lab' }, { name: 'someone-elses', value: '{"token":"x"}' }],
      },
    },
  };
}

describe('the fake AWS endpoint answers the product through real SDK clients', () => {
  let fake: FakeAws;
  let clients: AwsClients;
  /** The fake's time: real time (the SDK's waiter polls in real time), moved on by tests. */
  let now = 0;
  let saved: string | undefined;
  beforeEach(async () => {
    now = 0;
    const base = Date.now();
    fake = await startFakeAws(account(), { clock: () => base + now + (Date.now() - base) });
    saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await clients.dispose();
    await fake.close();
  });

  it('change sets: changes computed from the new values, executed into an update, which can be cancelled', async () => {
    const plan = await planUpdate(clients, { region: REGION, stackName: 'lab', parameters: { InstanceType: 't3.large' }, keepPrevious: ['AdminPassword'], capabilities: [], clientToken: 'cs-1' });
    assert.equal(plan.hasChanges, true);
    assert.deepEqual(plan.changes.map((c) => [c.action, c.logicalId, c.replacement, c.details.join()]), [['Modify', 'Server', 'False', 'InstanceType']]);
    await executeUpdate(clients, REGION, 'lab', plan, 'exec-1');
    now += 1000;
    const during = (await listStacks(clients, REGION)).find((s) => s.stackName === 'lab');
    assert.equal(during?.status, 'UPDATE_IN_PROGRESS');
    assert.equal(await cancelDeployment(clients, REGION, during?.stackId ?? '', 'cancel-1'), 'update-cancelled');
    now += 3000;
    assert.equal((await listStacks(clients, REGION)).find((s) => s.stackName === 'lab')?.status, 'UPDATE_ROLLBACK_COMPLETE');
    const same = await planUpdate(clients, { region: REGION, stackName: 'lab', parameters: { InstanceType: 't3.micro' }, keepPrevious: ['AdminPassword'], capabilities: [], clientToken: 'cs-2' });
    assert.equal(same.hasChanges, false, "the rolled-back stack has its old values: CloudFormation's 'no changes'");
    assert.ok(fake.requests.some((r) => r.action === 'DescribeChangeSet'));
  });

  it('a planned stack: the next creation of that name lands on loopback stand-ins (outputs, instance, parameters, secrets)', async () => {
    const plan = (body: unknown) => fetch(`${fake.url}/__fakeaws/planned-stack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await plan({ region: REGION, stackName: 'planned', instance: { port: 0 } });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: string }).error, /instance.port/);
    const accepted = await plan({
      region: REGION,
      stackName: 'planned',
      outputs: { AllowMyIpPorts: '22,443', DicomWebUrl: 'https://127.0.0.1:8443/dicom-web/studies' },
      instance: { port: 2222, user: 'ec2-user', privateKey: 'PEM', hostKeyLine: 'ssh-ed25519 AAAAC3Nza' },
      parameters: [{ name: '/planned/tls-fingerprint', value: 'AB:CD' }],
      secrets: [{ name: 'planned/dicomweb', value: '{"username":"u","password":"p"}' }],
    });
    assert.equal(accepted.status, 200, await accepted.text());
    await createStack(clients, { region: REGION, stackName: 'planned', template: { body: TEMPLATE }, parameters: { AdminPassword: 'x' }, capabilities: [], tags: [], terminationProtection: false, onFailure: 'ROLLBACK', clientRequestToken: 'planned-1' });
    now += 5000;
    const cfn = await clients.cloudFormation(REGION);
    const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const described = (await cfn.send(new DescribeStacksCommand({ StackName: 'planned' }))).Stacks?.[0];
    assert.equal(described?.StackStatus, 'CREATE_COMPLETE');
    const outputs = Object.fromEntries((described?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    assert.equal(outputs.AllowMyIpPorts, '22,443', "the plan's value replaces the template's");
    assert.equal(outputs.DicomWebUrl, 'https://127.0.0.1:8443/dicom-web/studies');
    assert.equal(outputs.SshHost, '127.0.0.1');
    const instance = fake.state.findStack(REGION, 'planned')?.instances[0];
    assert.equal(instance?.logicalId, 'Server', "the template's instance resource");
    assert.equal(outputs.InstanceId, instance?.instanceId);
    assert.equal(fake.state.parameter(REGION, `/ec2/keypair/${outputs.KeyPairParameter}`)?.value, 'PEM');
    assert.equal(fake.state.parameter(REGION, '/planned/tls-fingerprint')?.value, 'AB:CD');
    assert.equal(fake.state.secret(REGION, 'planned/dicomweb')?.stack, 'planned');
    // The plan applied to one creation: a second stack of that name gets the template's placeholders.
    assert.equal(fake.state.plans.size, 0);
  });

  it('S3 staging: a template over 51,200 bytes goes to a new private bucket, and CreateStack reads it by TemplateURL', async () => {
    const big = JSON.stringify({ Metadata: { Notes: 'x'.repeat(60_000) }, Resources: { Topic: { Type: 'AWS::SNS::Topic' } } });
    const asked: string[] = [];
    const source = await templateSource(clients, REGION, big, async (bucket) => (asked.push(bucket), true));
    assert.deepEqual(asked, ['imaging-lab-templates-111122223333-us-east-1']);
    assert.ok('url' in source);
    const bucket = fake.state.buckets.get('imaging-lab-templates-111122223333-us-east-1');
    assert.deepEqual([...(bucket?.configuration.keys() ?? [])].sort(), ['encryption', 'lifecycle', 'policy', 'publicAccessBlock']);
    const created = await createStack(clients, { region: REGION, stackName: 'big', template: source, parameters: {}, capabilities: [], tags: [], terminationProtection: false, onFailure: 'ROLLBACK', clientRequestToken: 'big-1' });
    assert.match(created.stackId, /stack\/big\//);
    assert.equal(fake.state.findStack(REGION, 'big')?.templateBody, big);
    await templateSource(clients, REGION, big, async () => assert.fail('the bucket exists: no second consent'));
    // ListObjectsV2 (STOW-RS received studies): keys under a prefix, a page at a time, with continuation tokens.
    const study = '1.2.826.0.1.3680043.8.498.1';
    for (const sop of ['1', '2', '3']) bucket?.objects.set(`dicom/${study}/${study}.5/${study}.5.${sop}.dcm`, Buffer.from('DICM'));
    bucket?.objects.set('dicom/readme.txt', Buffer.from('not an instance'));
    const listing = await listReceivedStudies(await clients.s3(REGION), bucket?.name ?? '', 'dicom', { maxObjects: 10 });
    assert.deepEqual(listing.studies.map((s) => s.studyInstanceUid), [study]);
    assert.equal(listing.otherObjects, 1);
    // stowrs kind: Delimiter '/' rolls each study folder into one CommonPrefixes entry, one of MaxKeys, across pages.
    for (const other of ['1.2.3', '1.2.4']) bucket?.objects.set(`dicom/${other}/9/9.1.dcm`, Buffer.from('DICM'));
    const folders = await listReceivedStudyUids(await clients.s3(REGION), bucket?.name ?? '', 'dicom');
    assert.deepEqual(folders, { studies: ['1.2.3', '1.2.4', study], otherEntries: 1, truncated: false });
    const bounded = await listReceivedStudyUids(await clients.s3(REGION), bucket?.name ?? '', 'dicom', { maxEntries: 2 });
    assert.deepEqual(bounded, { studies: ['1.2.3', '1.2.4'], otherEntries: 0, truncated: true });
  });

  it('Allow my IP: the stack\'s own security group, /32 rules added, duplicates answered as EC2 does, revoked by id', async () => {
    now += 1000;
    const groupId = fake.state.securityGroups(REGION)[0]?.groupId ?? '';
    const target = await resolveIngressTarget(clients, { stackName: 'lab', region: REGION, kind: 'lab', outputs: { SecurityGroupId: groupId, AllowMyIpPorts: '22,8888' } });
    const first = await allowMyIp(clients, target, { ip: '127.0.0.1', who: 'researcher' });
    assert.equal(first.added.length, 2);
    const again = await allowMyIp(clients, target, { ip: '127.0.0.1', who: 'researcher' });
    assert.equal(again.alreadyAllowed.length, 2, 'InvalidPermission.Duplicate counts as done');
    assert.equal((await listMyIpRules(clients, target)).length, 2);
    assert.equal(await revokeMyIpRules(clients, target), 2);
    assert.deepEqual(await listMyIpRules(clients, target), []);
    await assert.rejects(resolveIngressTarget(clients, { stackName: 'lab', region: REGION, outputs: { SecurityGroupId: 'sg-0nobody', AllowMyIpPorts: '22' } }), /InvalidGroup|does not exist/);
  });

  it('account choices, Secrets Manager credentials and an Instance Connect key', async () => {
    assert.deepEqual((await accountChoices(clients, REGION, 'key-pair')).map((c) => c.value), ['lab-key']);
    assert.equal((await accountChoices(clients, REGION, 'vpc'))[0]?.value, 'vpc-0fake00000000001');
    assert.equal((await accountChoices(clients, REGION, 'subnet')).length, 4, 'every page of subnets');
    assert.deepEqual((await accountChoices(clients, REGION, 'availability-zone')).map((c) => c.value), ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d']);
    assert.equal((await accountChoices(clients, REGION, 'security-group')).length, 1);
    const lab = { stackName: 'lab', stackId: fake.state.findStack(REGION, 'lab')?.stackId ?? '', region: REGION, url: 'https://127.0.0.1:1/studies' };
    const auth = await fetchStackAuth(clients, { ...lab, credentialsSecret: 'lab/dicomweb' });
    assert.deepEqual(auth, { kind: 'basic', username: 'lab', password: 's3cret' });
    await assert.rejects(fetchStackAuth(clients, { ...lab, credentialsSecret: 'missing' }), /can't find the specified secret/);
    await assert.rejects(fetchStackAuth(clients, { ...lab, credentialsSecret: 'someone-elses' }), /does not belong to the stack/);
    await pushInstanceConnectKey(clients, { region: REGION, instanceId: 'i-0lab0000000000009', osUser: 'ubuntu', publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForTheFake test' });
    assert.equal(fake.state.pushedKeys[0]?.user, 'ubuntu');
    await assert.rejects(pushInstanceConnectKey(clients, { region: REGION, instanceId: 'i-0nope', osUser: 'ubuntu', publicKey: 'ssh-ed25519 AAAA x' }));
  });

  it('ACM (the lab\'s Client VPN certificates) and EKS (Tator\'s kubeconfig)', async function () {
    this.timeout(60_000);
    const credentials = { accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' };
    const acm = new ACMClient({ region: REGION, credentials, maxAttempts: 1 });
    const eks = new EKSClient({ region: REGION, credentials, maxAttempts: 1 });
    try {
      const ca = await generateCertificateAuthority({ commonName: 'Imaging Lab test CA' });
      const server = await issueCertificate(ca, { commonName: 'vpn.lab', usage: 'server', dnsNames: ['vpn.lab'] });
      const arns = await importClientVpnCertificates(acm, { server, ca, tags: [{ Key: 'imaging-lab:kind', Value: 'lab' }] });
      assert.match(arns.serverCertificateArn, /^arn:aws:acm:us-east-1:111122223333:certificate\//);
      assert.deepEqual(await importClientVpnCertificates(acm, { server, ca, reimportArn: arns.serverCertificateArn }), arns, 'a re-import keeps the ARN');
      assert.deepEqual(await deleteClientVpnCertificates(acm, arns), [arns.serverCertificateArn]);
      assert.deepEqual(await deleteClientVpnCertificates(acm, arns), [], 'already gone: ResourceNotFoundException is not an error');
      const cluster = await describeEksCluster(eks, 'tator-lab', REGION);
      assert.equal(cluster.endpoint, 'https://127.0.0.1:6443');
      await assert.rejects(describeEksCluster(eks, 'missing', REGION), /No cluster found/);
    } finally {
      acm.destroy();
      eks.destroy();
    }
  });
});
