import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { scanDicom } from '../../src/core/dicom/scanDicom';
import { kindStoragePath } from '../../src/core/deploy/deployEnvironment';
import { generateCertificateAuthority, isIssuedBy, issueCertificate } from '../../src/core/pki/certificates';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { reportDocuments } from './support/dicomFixtures';
import { scriptDicomDialogs, type DicomDialogs } from './support/dicomDialogs';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { withScriptedQuickInput, type Asked, type Reply } from './support/scriptedQuickInput';
import { ensureScriptedRegions, regionsInUse, SCRIPTED_REGIONS, waitForRegions } from './support/scriptedRegions';
import { freeLoopbackPort, startS3Peer, startStowrsServicePeer, type S3Peer, type ServicePeer } from './support/stowrsStandIns';
import { walkTree } from './support/treeWalk';

/**
 * A region no other test of the run stages a template in (Tator stages in us-east-1, the lab in
 * eu-west-1): this journey proves the staging consent, asked only while the bucket does not exist.
 */
const REGION = 'eu-central-1';
const STACK = 'stowrs-journey';
const BUCKET = 'imaging-lab-stowrs-journey';
const PREFIX = 'journey/in';
const FINGERPRINT_PARAMETER = `/imaging-lab/${STACK}/endpoint-fingerprint`;

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${fakeAwsUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.text());
}

/** The person deploying: STOW-RS to S3, client certificates, the prefix; every other value as offered. */
function deployer(a: Asked): Reply {
  if (/What do you want to deploy/i.test(a.text)) return { pick: /STOW-RS/ };
  if (/Region to deploy to/i.test(a.text)) return { pick: new RegExp(`^${REGION}$`) };
  if (/Stack name/i.test(a.text)) return { input: STACK };
  if (/Review, then create/i.test(a.text)) return { pick: /Create stack/ };
  if (/TLS mode/.test(a.title)) return { pick: /^generated-client-certificates$/ };
  if (/source range/i.test(a.title)) return { input: '127.0.0.1/32' };
  if (/PREFIX/.test(a.title)) return { input: PREFIX };
  if (a.kind === 'pick') return { pick: /.*/ };
  return { input: '' };
}

async function stackNode(): Promise<ExplorerNode> {
  const { services } = await activatedExtension();
  return eventually(`the tree node of ${STACK}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    const rows = await walkTree(services.stacksTree, 1);
    const row = rows.find((r) => r.depth === 1 && r.label === STACK);
    // Complete: only then does the stack offer its kind's actions. Grouped under its kind.
    return row && /\baction:browseReceivedStudies\b/.test(row.contextValue) && row.path.startsWith('STOW-RS to S3 / ') ? row : undefined;
  }, 60000).then((row) => row.node);
}

describe('STOW-RS to S3 first-image journey (palette deploy on the fake endpoint, service and s3rver on loopback)', function () {
  this.timeout(240000);
  let s3: S3Peer | undefined;
  let service: ServicePeer | undefined;
  let repo = '';
  let servicePort = 0;
  let server: { certificatePem: string; privateKeyPem: string; fingerprintSha256: string } | undefined;
  const dialogs: DicomDialogs[] = [];

  before(async function () {
    this.timeout(120000);
    await ensureScriptedRegions();
    // The tree lists this region too while the journey runs (a person adds it in "Select AWS Regions").
    await vscode.workspace.getConfiguration('imagingLab').update('aws.regions', [...SCRIPTED_REGIONS, REGION], vscode.ConfigurationTarget.Global);
    await eventually(`the session using ${REGION}`, async () => ((await regionsInUse()).includes(REGION) ? true : undefined));
    repo = (await activatedExtension()).extension.extensionUri.fsPath;
    s3 = await startS3Peer(repo, BUCKET);
    await post('/__fakeaws/external-bucket', { bucket: BUCKET, region: REGION, endpoint: s3.endpoint, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    // What the instance makes on first boot: its own certificate, whose fingerprint it publishes in SSM.
    const ca = await generateCertificateAuthority({ commonName: 'journey endpoint CA' });
    server = await issueCertificate(ca, { commonName: 'stowrs endpoint', usage: 'server', ipAddresses: ['127.0.0.1'] });
    servicePort = await freeLoopbackPort();
    await post('/__fakeaws/planned-stack', {
      region: REGION,
      stackName: STACK,
      outputs: {
        DicomWebUrl: `https://127.0.0.1:${servicePort}/studies`,
        DicomBucket: BUCKET,
        DicomPrefix: PREFIX,
        EndpointTlsMode: 'generated-client-certificates',
        EndpointFingerprintParameter: FINGERPRINT_PARAMETER,
      },
      parameters: [{ name: FINGERPRINT_PARAMETER, value: server.fingerprintSha256 }],
    });
  });

  afterEach(() => {
    for (const d of dialogs.splice(0)) d.restore();
  });

  after(async () => {
    await service?.stop();
    await s3?.stop();
    await vscode.workspace.getConfiguration('imagingLab').update('aws.regions', [...SCRIPTED_REGIONS], vscode.ConfigurationTarget.Global);
    await waitForRegions(SCRIPTED_REGIONS);
  });

  it('deploys from the palette: the wizard asks no bundle or CA value, stages the bundle with consent, and the stack completes', async () => {
    const { services } = await activatedExtension();
    const d = scriptDicomDialogs({ answer: (m) => (m.buttons.includes('Create Bucket') ? 'Create Bucket' : undefined) });
    dialogs.push(d);
    const asked = await withScriptedQuickInput(deployer, () => vscode.commands.executeCommand('imagingLab.deployStack'));
    d.restore();
    const titles = asked.map((a) => a.title).join(' | ');
    assert.doesNotMatch(titles, /Bundle|Client CA/, `hidden parameters were asked: ${titles}`);
    assert.ok(asked.some((a) => /TLS mode/.test(a.title)), titles);
    const consent = d.messages.filter((m) => m.modal && m.buttons.includes('Create Bucket'));
    assert.equal(consent.length, 1, `one staging consent: ${JSON.stringify(d.messages)}`);
    await stackNode();
    // The stack got the generated CA; the client key is 0600 in the stack's private folder.
    const cfn = await services.session.session.clients.cloudFormation(REGION);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    const parameter = (key: string) => stack?.Parameters?.find((p) => p.ParameterKey === key)?.ParameterValue ?? '';
    assert.match(parameter('ServiceBundleKey'), /^stowrs\/[0-9a-f]{64}\/stowrs-service\.js$/);
    assert.equal(parameter('ServiceBundleKey'), `stowrs/${parameter('ServiceBundleSha256')}/stowrs-service.js`);
    const dir = kindStoragePath(services.context.globalStorageUri.fsPath, 'stowrs', REGION, STACK);
    assert.equal(statSync(join(dir, 'client.key')).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    const clientCaPem = `-----BEGIN CERTIFICATE-----\n${parameter('ClientCaCertificate').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
    assert.ok(isIssuedBy(readFileSync(join(dir, 'client.crt'), 'utf8'), clientCaPem), 'the client certificate is signed by the CA the stack trusts');
    // The instance: the service with the stack's client CA, writing to the S3 stand-in.
    service = await startStowrsServicePeer(repo, s3!, { port: servicePort, certificatePem: server!.certificatePem, keyPem: server!.privateKeyPem, clientCaPem, prefix: PREFIX });
  });

  it('refuses a client without the certificate (the endpoint is mutual TLS)', async () => {
    assert.ok(service, 'the deploy test started the service');
    const { request } = await import('node:https');
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`${service!.base}/studies`, { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'multipart/related; type="application/dicom"; boundary=x' } }, (res) => resolve(`HTTP ${res.statusCode}`));
      req.on('error', (error) => resolve(`refused: ${error.message}`));
      req.end('--x--\r\n');
    });
    assert.match(outcome, /refused|HTTP 4\d\d/, outcome);
  });

  it('right-click media/samples > Send DICOM to… the stack: every instance lands at PREFIX/study/series/sop.dcm in s3rver', async () => {
    assert.ok(service, 'the deploy test started the service');
    const samples = join(repo, 'media', 'samples');
    const folders = readdirSync(samples, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(samples, e.name));
    const instances = (await scanDicom(folders)).instances;
    assert.ok(instances.length > 0, 'the extension ships sample DICOM');
    const uri = vscode.Uri.file(samples);
    const d = scriptDicomDialogs({ picks: [new RegExp(`${STACK}$`)] });
    dialogs.push(d);
    await vscode.commands.executeCommand('imagingLab.sendDicom', uri, [uri]);
    d.restore();
    assert.deepEqual(d.messages.filter((m) => m.level === 'error'), []);
    const stored = await s3!.objects(`${PREFIX}/`);
    const expected = instances.map((i) => `${PREFIX}/${i.studyInstanceUid}/${i.seriesInstanceUid}/${i.sopInstanceUid}.dcm`).sort();
    assert.deepEqual([...stored.keys()].sort(), expected);
    for (const i of instances.slice(0, 3)) {
      assert.ok((await s3!.read(`${PREFIX}/${i.studyInstanceUid}/${i.seriesInstanceUid}/${i.sopInstanceUid}.dcm`)).equals(readFileSync(i.path)), `${i.path} stored byte for byte`);
    }
  });

  it('the tree shows Received studies > study > series (instance counts) > instance, as the send stored them', async () => {
    const { services } = await activatedExtension();
    const tree = services.stacksTree;
    const rowsOf = async (parent: ExplorerNode) =>
      Promise.all(((await tree.getChildren(parent)) ?? []).map(async (node) => ({ node, item: await tree.getTreeItem(node) })));
    const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
    const section = (await rowsOf(await stackNode())).find((r) => r.item.contextValue === 'receivedStudies');
    assert.ok(section, 'a Received studies section under the STOW-RS stack');
    assert.equal(label(section.item), 'Received studies');
    assert.equal(section.item.description, `s3://${BUCKET}/${PREFIX}/`);
    const stored = [...(await s3!.objects(`${PREFIX}/`)).keys()].map((key) => key.slice(PREFIX.length + 1).split('/') as [string, string, string]);
    const studies = await rowsOf(section.node);
    assert.deepEqual(studies.map((r) => [label(r.item), r.item.contextValue]), [...new Set(stored.map(([study]) => study))].sort().map((uid) => [uid, 'receivedStudy']));
    for (const study of studies) {
      const series = await rowsOf(study.node);
      const expected = [...new Set(stored.filter(([s]) => s === label(study.item)).map(([, x]) => x))].sort();
      assert.deepEqual(series.map((r) => label(r.item)), expected);
      for (const one of series) {
        const sops = stored.filter(([s, x]) => s === label(study.item) && x === label(one.item)).map(([, , file]) => file.replace(/\.dcm$/, '')).sort();
        assert.match(String(one.item.description), new RegExp(`^${sops.length} instances? · `));
        assert.deepEqual((await rowsOf(one.node)).map((r) => [label(r.item), r.item.contextValue]), sops.map((sop) => [sop, 'receivedInstance']));
      }
    }
  });

  it('the scripted account\'s STOW-RS stack shows what its service received (demo data in the fake\'s own bucket)', async () => {
    const { services } = await activatedExtension();
    const tree = services.stacksTree;
    const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
    const rows = async (parent: ExplorerNode) => Promise.all(((await tree.getChildren(parent)) ?? []).map(async (node) => ({ node, item: await tree.getTreeItem(node) })));
    const scripted = (await walkTree(tree, 1)).find((r) => r.depth === 1 && r.label === 'stowrs-to-s3');
    assert.ok(scripted && /\baction:browseReceivedStudies\b/.test(scripted.contextValue), 'the scripted STOW-RS stack is complete and offers its actions');
    const section = (await rows(scripted.node)).find((r) => r.item.contextValue === 'receivedStudies')!;
    assert.equal(section.item.description, 's3://stowrs-to-s3-storagedicombucket-1q2w3e4r5t6y/incoming/');
    const studies = await rows(section.node);
    assert.deepEqual(studies.map((r) => label(r.item)), ['1.2.826.0.1.3680043.8.498.10', '1.2.826.0.1.3680043.8.498.20', '1 other object or folder under the prefix (not studies)']);
    const series = await rows(studies[0]!.node);
    assert.deepEqual(series.map((r) => [label(r.item), String(r.item.description).replace(/ · .*/, '')]), [
      ['1.2.826.0.1.3680043.8.498.10.1', '3 instances'],
      ['1.2.826.0.1.3680043.8.498.10.2', '2 instances'],
    ]);
  });

  it('Send Sample DICOM on the stack node checks the bucket and reports every object found', async () => {
    const node = await stackNode();
    const before = reportDocuments().length;
    const d = scriptDicomDialogs({});
    dialogs.push(d);
    await vscode.commands.executeCommand('imagingLab.sendSampleDicom', node);
    d.restore();
    const info = d.messages.find((m) => m.text.startsWith(`${STACK}: all `));
    assert.ok(info, `the bucket check summary: ${JSON.stringify(d.messages)}`);
    assert.equal(info.level, 'info');
    assert.match(info.text, new RegExp(`are in s3://${BUCKET}/${PREFIX}/`));
    const report = await eventually('the stored report', async () => reportDocuments().slice(before).map((doc) => doc.getText()).find((t) => t.includes('found at their key')));
    assert.match(report, /found\s+journey\/in\/[0-9.]+\/[0-9.]+\/[0-9.]+\.dcm/);
    assert.doesNotMatch(report, /MISSING|SIZE/);
  });

  it('Browse Received Studies lists the bucket by study and series', async () => {
    const node = await stackNode();
    const before = reportDocuments().length;
    const d = scriptDicomDialogs({});
    dialogs.push(d);
    await vscode.commands.executeCommand('imagingLab.browseReceivedStudies', node);
    d.restore();
    assert.ok(d.messages.some((m) => m.level === 'info' && /holds \d+ stud/.test(m.text)), JSON.stringify(d.messages));
    const stored = await s3!.objects(`${PREFIX}/`);
    const report = await eventually('the received studies report', async () => reportDocuments().slice(before).map((doc) => doc.getText()).find((t) => t.startsWith(`Received by ${STACK}`)));
    for (const key of stored.keys()) {
      const [, , study, series, file] = key.split('/');
      assert.ok(report.includes(`Study ${study}`) && report.includes(`Series ${series}`) && report.includes(file!), `${key} in the report`);
    }
  });
});
