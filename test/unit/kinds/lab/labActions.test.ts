import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AwsClients } from '../../../../src/core/aws/clients';
import type { LoadedTemplate } from '../../../../src/core/cfn/templateTypes';
import { imageExtension, pipelineOf, processedKey, runImagePipeline } from '../../../../src/core/kinds/lab/imagePipeline';
import { labCost, labCostLine } from '../../../../src/core/kinds/lab/labCosts';
import { switchedValues, switchSummary } from '../../../../src/core/kinds/lab/labSwitches';
import { prepareLab } from '../../../../src/core/kinds/lab/prepareLab';
import { testImagePng } from '../../../../src/core/kinds/lab/testImage';
import { writeVpnProfile } from '../../../../src/core/kinds/lab/vpnProfile';
import { isIssuedBy } from '../../../../src/core/pki/certificates';
import type { StackInfo } from '../../../../src/core/stacks/stackInfo';
import { startFakeAws, type FakeAws } from '../../../fakeaws/server';

const REGION = 'us-east-1';
type LabStack = Pick<StackInfo, 'stackName' | 'region' | 'outputs' | 'parameters'>;
const stack = (outputs: Record<string, string>, parameters: Record<string, string> = {}): LabStack => ({
  stackName: 'lab-unit',
  region: REGION,
  outputs: Object.entries(outputs).map(([key, value]) => ({ key, value })),
  parameters: Object.entries(parameters).map(([key, value]) => ({ key, value, masked: false })),
});

describe('lab kind: test image, pipeline names, switches', () => {
  it('the generated test image is a valid 64x64 RGB PNG (IHDR, inflatable rows, standard IEND)', () => {
    const png = testImagePng();
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]], [64, 64, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    assert.equal(png.subarray(37, 41).toString('latin1'), 'IDAT');
    assert.equal(inflateSync(png.subarray(41, 41 + idatLength)).length, 64 * (1 + 64 * 3));
    // IEND's CRC is a constant of the format: a wrong CRC table would change it.
    assert.equal(png.subarray(-12).toString('hex'), '0000000049454e44ae426082');
    assert.throws(() => testImagePng(0), /not offered/);
  });

  it('names the output as the function does and recognises image types by their first bytes', () => {
    assert.equal(processedKey('scans/knee.PNG', '-processed', 'png'), 'scans/knee-processed.png');
    assert.equal(processedKey('noext', '_p', 'jpg'), 'noext_p.jpg');
    assert.equal(processedKey('.hidden', '-x', 'gif'), '.hidden-x.gif');
    assert.equal(imageExtension(testImagePng(2)), 'png');
    assert.equal(imageExtension(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), 'jpg');
    assert.equal(imageExtension(Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')])), 'dcm');
    assert.equal(imageExtension(Buffer.from('hello world')), undefined);
  });

  it('checks the outputs and the suffix before they name S3 objects', () => {
    assert.deepEqual(pipelineOf(stack({ InputBucket: 'lab-input-1', OutputBucket: 'lab-output-1' }, { ProcessedSuffix: '_done' })), { inputBucket: 'lab-input-1', outputBucket: 'lab-output-1', suffix: '_done' });
    assert.equal(pipelineOf(stack({ InputBucket: 'lab-input-1', OutputBucket: 'lab-output-1' })).suffix, '-processed');
    assert.throws(() => pipelineOf(stack({ InputBucket: '../etc', OutputBucket: 'lab-output-1' })), /InputBucket output .* is not an S3 bucket name/);
    assert.throws(() => pipelineOf(stack({ InputBucket: 'lab-input-1' })), /has no OutputBucket output/);
    assert.throws(() => pipelineOf(stack({ InputBucket: 'a-b-c', OutputBucket: 'lab-output-1' }, { ProcessedSuffix: '/../x' })), /not a file-name suffix/);
  });

  it('switches: only the NAT gateway and VPN values change, with the hourly figures of the switches', () => {
    const current = { AllowedCidr: '127.0.0.1/32', EnableFileGator: 'true', EnableNatGateway: 'true', EnableClientVpn: 'true' };
    assert.deepEqual(switchedValues(current, new Set()), { ...current, EnableNatGateway: 'false', EnableClientVpn: 'false' });
    const summary = switchSummary(current, new Set(['EnableClientVpn']));
    assert.deepEqual(summary.changed, ['NAT gateway off']);
    assert.equal(Math.round((summary.before.usdPerHour - summary.after.usdPerHour) * 1000) / 1000, 0.05);
    // NAT is built only with FileGator: without it the switch costs nothing.
    assert.equal(labCost({ EnableNatGateway: 'true' }).usdPerHour, labCost({}).usdPerHour);
    assert.equal(Math.round((labCost({ EnableClientVpn: 'true' }).usdPerHour - labCost({}).usdPerHour) * 1000) / 1000, 0.15);
    assert.equal(labCostLine({}), '≈$0.049/h (estimate).');
    assert.match(labCostLine({ EnableFileGator: 'true', EnableNatGateway: 'true', EnableClientVpn: 'true' }), /^≈\$0\.271\/h \(estimate\)\. ⚠ NAT gateway and Client VPN on: switch off/);
  });
});

describe('lab kind against the fake AWS endpoint (real SDK clients)', () => {
  let fake: FakeAws;
  let clients: AwsClients;
  let saved: string | undefined;
  let dir: string;
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: '111122223333', userName: 'researcher', pageSize: 50, operationDurationMs: 1000, regions: { [REGION]: { stacks: [] } } });
    saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = fake.url;
    clients = new AwsClients(async () => ({ accessKeyId: 'AKIAFAKE0000000000', secretAccessKey: 'fake-secret' }), 1);
    dir = mkdtempSync(join(tmpdir(), 'lab-unit-'));
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = saved;
    await clients.dispose();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const labStack = stack({ InputBucket: 'lab-input-u', OutputBucket: 'lab-output-u' });
  async function buckets() {
    const s3 = await clients.s3(REGION);
    for (const Bucket of ['lab-input-u', 'lab-output-u']) await s3.send(new CreateBucketCommand({ Bucket }));
    return s3;
  }

  it('the pipeline uploads, then returns once the processed object appears', async () => {
    const s3 = await buckets();
    const image = testImagePng(8);
    // Stands in for the function: writes the processed copy a moment after the upload.
    const copier = setTimeout(() => void s3.send(new PutObjectCommand({ Bucket: 'lab-output-u', Key: 'dir/a-processed.png', Body: image })), 300);
    const run = await runImagePipeline(clients, labStack, { key: 'dir/a.png', body: image, pollMs: 50 });
    clearTimeout(copier);
    assert.deepEqual({ ...run, waitedMs: 0 }, { inputBucket: 'lab-input-u', key: 'dir/a.png', outputBucket: 'lab-output-u', outputKey: 'dir/a-processed.png', bytes: image.length, waitedMs: 0 });
    assert.ok(run.waitedMs >= 250, `waited ${run.waitedMs} ms`);
    const stored = await (await s3.send(new GetObjectCommand({ Bucket: 'lab-input-u', Key: 'dir/a.png', Range: 'bytes=0-7' }))).Body!.transformToByteArray();
    assert.equal(Buffer.from(stored).toString('hex'), '89504e470d0a1a0a', 'the fake answers the Range read the function makes');
  });

  it('the pipeline says where to look when nothing appears, and refuses a non-image before uploading', async () => {
    await buckets();
    await assert.rejects(runImagePipeline(clients, labStack, { key: 'b.png', body: testImagePng(4), pollMs: 50, timeoutMs: 200 }), /b-processed\.png did not appear in lab-output-u .*dead-letter queue/);
    const puts = fake.requests.filter((r) => r.action === 'PutObject').length;
    await assert.rejects(runImagePipeline(clients, labStack, { key: 'notes.txt', body: Buffer.from('plain text'), pollMs: 50 }), /not an image/);
    await assert.rejects(runImagePipeline(clients, labStack, { key: '../x.png', body: testImagePng(4), pollMs: 50 }), /cannot name the uploaded object/);
    assert.equal(fake.requests.filter((r) => r.action === 'PutObject').length, puts, 'nothing uploaded for refused input');
  });

  const template: LoadedTemplate = { body: '{}', format: 'json', template: { Resources: {} }, source: 'lab' };
  const context = (values: Record<string, string>, progress: string[] = []) => ({
    operation: 'create' as const, region: REGION, stackName: 'lab-unit', template, values, clients, progress: (m: string) => progress.push(m), storageDirectory: async () => dir,
    readShippedFile: async (): Promise<Buffer> => { throw new Error('the lab stages no shipped file'); },
  });

  it('prepare: nothing with the VPN off or ARNs given; with it on, certificates kept here (0600) and one ACM import, reused on the next run', async () => {
    assert.deepEqual(await prepareLab(context({ EnableClientVpn: 'false' })), {});
    const given = await prepareLab(context({ EnableClientVpn: 'true', ClientVpnServerCertificateArn: 'arn:x', ClientVpnClientCaArn: 'arn:y' }));
    assert.equal(given.values, undefined);
    assert.equal(fake.requests.filter((r) => r.service === 'acm').length, 0);
    const progress: string[] = [];
    const first = await prepareLab(context({ EnableClientVpn: 'true', ClientVpnServerCertificateArn: '', ClientVpnClientCaArn: '' }, progress));
    const arn = first.values?.ClientVpnServerCertificateArn ?? '';
    assert.match(arn, /^arn:aws:acm:us-east-1:111122223333:certificate\/[0-9a-f-]{36}$/);
    assert.equal(first.values?.ClientVpnClientCaArn, arn);
    assert.ok(fake.state.certificates.has(arn));
    assert.deepEqual(progress, ['Generating the Client VPN certificates (CA, server, client)…', 'Importing the Client VPN server certificate into ACM…']);
    for (const f of ['vpn-ca.key', 'vpn-server.key', 'vpn-client.key']) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
    const caBefore = statSync(join(dir, 'vpn-ca.crt')).mtimeMs;
    const second = await prepareLab(context({ EnableClientVpn: 'true' }));
    assert.notEqual(second.values?.ClientVpnServerCertificateArn, arn, 'a new import');
    assert.equal(statSync(join(dir, 'vpn-ca.crt')).mtimeMs, caBefore, 'the same CA: profiles handed out keep working');
  });

  it('VPN profile: the endpoint from EC2, the stored client certificate, 0600; a stack without certificates here is told what to do', async () => {
    const endpoint = 'cvpn-endpoint-0123456789abcdef0';
    fake.state.addStack(REGION, { name: 'lab-unit', tags: { 'imaging-lab:kind': 'lab' }, outputs: [{ key: 'ClientVpnEndpointId', value: endpoint }] });
    const vpnStack = stack({ ClientVpnEndpointId: endpoint });
    await assert.rejects(writeVpnProfile(clients, vpnStack, dir), /no Client VPN certificates for lab-unit/);
    await prepareLab(context({ EnableClientVpn: 'true' }));
    const file = await writeVpnProfile(clients, vpnStack, dir);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    assert.match(text, /^remote cvpn-endpoint-0123456789abcdef0\.prod\.clientvpn\.us-east-1\.amazonaws\.com 443$/m);
    assert.match(text, /^verify-x509-name vpn-server\.lab-unit\.imaging-lab\.internal name$/m);
    const block = (tag: string) => new RegExp(`<${tag}>\\n([\\s\\S]+?)\\n</${tag}>`).exec(text)?.[1] ?? '';
    assert.ok(isIssuedBy(block('cert'), block('ca')));
    await assert.rejects(writeVpnProfile(clients, stack({ ClientVpnEndpointId: 'cvpn-endpoint-0fffffffffffffff0' }), dir), /InvalidClientVpnEndpointId|does not exist/);
    await assert.rejects(writeVpnProfile(clients, stack({ ClientVpnEndpointId: 'x; rm -rf /' }), dir), /not a Client VPN endpoint id/);
  });
});
