import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { isIssuedBy } from '../../src/core/pki/certificates';
import { costlyPartsDecoration } from '../../src/vscode/billing/costlyPartsBadge';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { startFileGatorStandIn, startJupyterStandIn, type StandIn } from '../support/labStandIns';
import { requireTool } from '../support/requireTool';
import { startSshd, type SshdPeer } from '../support/sshd';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { startLabLambda, type LambdaStandIn } from './support/labLambdaStandIn';
import { scriptQuestions, type AskedQuestion, type QuestionReply } from './support/mdeQuestions';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { withScriptedQuickInput, type Asked, type Reply } from './support/scriptedQuickInput';
import { walkTree } from './support/treeWalk';
import { captureWindow, type WindowCapture } from './support/windowCapture';

/** Not us-east-1: the Tator journey expects to be the first to create that region's staging bucket. */
const REGION = 'eu-west-1';
const STACK = 'lab-journey';
const TOKEN = 'Jup7terT0kenGeneratedBySecretsManager0123456789ab';
const INPUT = 'lab-input-journey-0001';
const OUTPUT = 'lab-output-journey-0001';
const VPN_ENDPOINT = 'cvpn-endpoint-0a1b2c3d4e5f60718';
const FILEGATOR_PASSWORD = 'Fg0AdminPasswordGeneratedBySecretsManager0123456';
/** What the review says for Task 1 + FileGator + NAT + Client VPN, from the lab record's cost lines. */
const CHOSEN_TOTAL = '≈$0.271/h while running with these choices: Task 1 $0.049 + FileGator $0.022 + NAT gateway $0.050 + Client VPN $0.150 (estimate)';

/** A person deploying the research lab from the palette: Task 1 defaults, FileGator (with its NAT gateway) and the Client VPN on, their own /32. */
function person(a: Asked): Reply {
  const about = `${a.title} ${a.text}`;
  if (/What do you want to deploy/i.test(a.text)) return { pick: /Research lab/ };
  if (/Region to deploy to/i.test(a.text)) return { pick: new RegExp(`^${REGION}$`) };
  // Anchored: the budget e-mail's help mentions "<stack name>" too.
  if (/^Stack name/.test(a.text)) return { input: STACK };
  if (/Review, then create/i.test(a.text)) return { pick: /Create stack/ };
  if (/Client VPN endpoint/i.test(about)) return { pick: /^Yes\b/ };
  if (/FileGator in a private subnet|NAT gateway \(install only\)/i.test(about)) return { pick: /^Yes\b/ };
  // The Costs group: idle stop as offered (auto: off for these CPU types), no budget.
  if (/Idle below/i.test(about)) return { input: '10' };
  if (/Budget alerts to/i.test(about)) return { input: '' };
  if (/Monthly budget/i.test(about)) return { input: '100' };
  if (/ACM ARN/i.test(about)) return { input: '' };
  if (/Allowed CIDR/i.test(about)) return { input: '127.0.0.1/32' };
  if (/suffix/i.test(about)) return { input: '-processed' };
  if (a.kind === 'pick') return { pick: /.*/ };
  throw new Error(`unexpected question: ${about}`);
}

async function postControl(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${fakeAwsUrl()}/__fakeaws/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.text());
}

async function stackRow(): Promise<{ node: ExplorerNode; contextValue: string; path: string }> {
  const { services } = await activatedExtension();
  return eventually(`the tree node of ${STACK}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    return (await walkTree(services.stacksTree, 1)).find((r) => r.depth === 1 && r.label === STACK);
  });
}

describe('research lab journey: palette deploy on the fake endpoint, then the lab actions reach the local stand-ins', function () {
  this.timeout(180_000);
  let peer: SshdPeer | undefined;
  let jupyter: StandIn | undefined;
  let fileGator: StandIn | undefined;
  let lambda: LambdaStandIn | undefined;
  let capture: WindowCapture | undefined;
  const opened: string[] = [];
  let restoreOpen: (() => void) | undefined;

  async function run(command: string, node: unknown, reply: (q: AskedQuestion) => QuestionReply = () => 'dismiss'): Promise<AskedQuestion[]> {
    const questions = scriptQuestions(reply);
    try {
      await vscode.commands.executeCommand(command, node);
    } finally {
      questions.restore();
    }
    return questions.asked;
  }

  before(async function () {
    this.timeout(90_000);
    requireTool('python3', 'python3');
    await ensureScriptedRegions();
    const { services, extension } = await activatedExtension();
    peer = await startSshd({ log: true });
    jupyter = await startJupyterStandIn(TOKEN);
    fileGator = await startFileGatorStandIn(FILEGATOR_PASSWORD);
    lambda = await startLabLambda(extension.extensionUri.fsPath, fakeAwsUrl(), { OUTPUT_BUCKET: OUTPUT, PROCESSED_SUFFIX: '-processed' });
    const s3 = await services.session.session.clients.s3(REGION);
    for (const bucket of [INPUT, OUTPUT]) await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await postControl('bucket-notification', { bucket: INPUT, url: lambda.url });
    const tokenSecret = `${STACK}-JupyterToken`;
    const adminSecret = `${STACK}-FileGatorAdminPassword`;
    await postControl('planned-stack', {
      region: REGION,
      stackName: STACK,
      outputs: {
        JupyterPort: String(jupyter.port), JupyterTokenSecret: tokenSecret, InputBucket: INPUT, OutputBucket: OUTPUT, ClientVpnEndpointId: VPN_ENDPOINT,
        // FileGator's private address as the jump host (the local sshd) sees it: the loopback stand-in.
        FileGatorPrivateIp: '127.0.0.1', FileGatorPort: String(fileGator.port), FileGatorAdminSecret: adminSecret,
      },
      instance: { port: peer.port, user: peer.user, privateKey: peer.clientKey, hostKeyLine: peer.hostKeyLine(), role: 'jupyter' },
      secrets: [{ name: tokenSecret, value: TOKEN }, { name: adminSecret, value: FILEGATOR_PASSWORD }],
    });
    const env = vscode.env as unknown as { openExternal: (uri: vscode.Uri) => Thenable<boolean> };
    const original = env.openExternal;
    env.openExternal = async (uri) => (opened.push(uri.toString(true)), true);
    restoreOpen = () => (env.openExternal = original);
  });

  beforeEach(() => (capture = captureWindow()));
  afterEach(() => {
    capture?.restore();
    capture = undefined;
  });

  after(async () => {
    restoreOpen?.();
    const { services } = await activatedExtension();
    await services.tunnels().closeAll();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.endsWith(`: ${STACK}`));
    await vscode.window.tabGroups.close(tabs);
    await lambda?.stop();
    await jupyter?.close();
    await fileGator?.close();
    await peer?.stop();
  });

  it('deploys the research lab from the palette (FileGator and VPN on: the total per switch, certificates made here and imported into ACM, the template staged in S3) and shows it in the tree with its actions', async () => {
    const staging = scriptQuestions((q) => (q.kind === 'modal' && /Create the bucket/.test(q.text) ? /^Create Bucket$/ : 'dismiss'));
    let asked: Asked[];
    try {
      asked = await withScriptedQuickInput(person, () => vscode.commands.executeCommand('imagingLab.deployStack'));
      await eventually('the completion notice', async () => capture!.messages.find((m) => m.text === `${STACK} is ready (CREATE_COMPLETE).`), 60_000, 250);
    } finally {
      staging.restore();
    }
    const review = asked.at(-1)?.items ?? [];
    assert.ok(review.some((l) => /imported into ACM/.test(l)), `the review names the ACM import: ${review.join('\n')}`);
    assert.ok(review.includes(`$(info) ${CHOSEN_TOTAL}`), `the review gives the total for the chosen switches: ${review.join('\n')}`);
    assert.ok(review.some((l) => /over CloudFormation's 51,200-byte limit .* staged in a private S3 bucket/.test(l)), `the review says the template is staged: ${review.join('\n')}`);
    const vpnQuestion = asked.find((q) => /Client VPN endpoint/.test(q.title));
    assert.deepEqual(
      vpnQuestion?.items.map((item, i) => `${item}: ${vpnQuestion.details[i]?.split(' · ')[0]}`),
      ['No: ≈$0.121/h in all with this choice', 'Yes: ≈$0.271/h in all with this choice'],
      'the switch shows the total with each choice',
    );
    // The bucket is asked for unless an earlier test of this run made this region's staging bucket.
    assert.ok(staging.asked.every((q) => q.kind === 'modal' && /larger than 51,200 bytes/.test(q.text)), JSON.stringify(staging.asked));
    const { services, extension } = await activatedExtension();
    const cfn = await services.session.session.clients.cloudFormation(REGION);
    const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    const param = (k: string) => stack?.Parameters?.find((p) => p.ParameterKey === k)?.ParameterValue ?? '';
    assert.equal(param('EnableClientVpn'), 'true');
    assert.equal(param('EnableFileGator'), 'true');
    assert.equal(param('IdleStop'), 'auto');
    const { stagingBucketName } = await import('../../src/core/deploy/templateStaging');
    const s3 = await services.session.session.clients.s3(REGION);
    const account = (stack?.StackId ?? '').split(':')[4] ?? '';
    const shipped = readFileSync(join(extension.extensionUri.fsPath, 'templates', 'lab.template.json'), 'utf8');
    const key = `templates/${createHash('sha256').update(shipped).digest('hex').slice(0, 32)}.template`;
    const staged = await (await s3.send(new GetObjectCommand({ Bucket: stagingBucketName(account, REGION), Key: key }))).Body!.transformToString();
    assert.equal(staged, shipped, 'CloudFormation read the shipped template from the private staging bucket of this account and region');
    assert.match(param('ClientVpnServerCertificateArn'), new RegExp(`^arn:aws:acm:${REGION}:\\d{12}:certificate/[0-9a-f-]{36}$`));
    assert.equal(param('ClientVpnClientCaArn'), param('ClientVpnServerCertificateArn'));
    assert.equal(param('AllowedCidr'), '127.0.0.1/32');
    const row = await stackRow();
    assert.match(row.path, /^Research lab \/ /, row.path);
    for (const action of ['openJupyter', 'uploadLabImage', 'switchLabCosts', 'downloadVpnConfig', 'openFileGator']) assert.match(row.contextValue, new RegExp(`\\baction:${action}\\b`));
    // The NAT gateway (built with FileGator while its switch is on) and the Client VPN are billed by
    // the hour: the node carries the warning badge while they run.
    const running = [...(param('EnableNatGateway') === 'true' ? ['NAT gateway'] : []), 'Client VPN'];
    const uri = (await row.node.getTreeItem()).resourceUri;
    assert.ok(uri, 'the stack node has a badge URI');
    assert.equal(costlyPartsDecoration(uri)?.tooltip, `Billed by the hour while on: ${running.join(', ')}`);
  });

  it('Open Jupyter: an SSH tunnel to the Jupyter stand-in and the browser on the tokened URL, the token read from the stack\'s secret', async () => {
    const row = await stackRow();
    opened.length = 0;
    const asked = await run('imagingLab.openJupyter', row.node);
    assert.deepEqual(asked, [], 'no question: the Jupyter instance is found by its role tag');
    assert.deepEqual(capture!.messages.filter((m) => m.level === 'error'), []);
    assert.equal(opened.length, 1, 'the browser was opened once');
    const url = new URL(opened[0]!);
    assert.equal(url.hostname, '127.0.0.1');
    assert.notEqual(Number(url.port), jupyter!.port, 'through the tunnel, not straight to the stand-in');
    assert.equal(url.searchParams.get('token'), TOKEN);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /JupyterLab stand-in/);
    assert.deepEqual(jupyter!.requests.at(-1), { method: 'GET', path: '/lab', authorized: true }, 'Jupyter itself saw the right token');
  });

  it('Upload Image to Lab Pipeline: a generated PNG goes into the input bucket, the function copies it, the action reports the processed file', async () => {
    const row = await stackRow();
    const asked = await run('imagingLab.uploadLabImage', row.node, (q) => (q.kind === 'pick' ? /Generated test image/ : 'dismiss'));
    assert.deepEqual(asked.map((q) => q.text), ['What should go through the lab pipeline?']);
    const done = await eventually('the pipeline result', async () => capture!.messages.find((m) => m.text.startsWith(`${STACK}: the function processed`)), 60_000, 250);
    assert.equal(done.level, 'info', done.text);
    const [, key, outputKey] = /processed (imaging-lab-test-\S+\.png) into (\S+) \(/.exec(done.text) ?? [];
    assert.ok(key && outputKey, done.text);
    assert.equal(outputKey, key.replace(/\.png$/, '-processed.png'));
    // The copy lands before the function's process has exited and reported.
    const invocation = await eventually('the function run', async () => lambda!.invocations[0]);
    assert.equal(lambda!.invocations.length, 1, 'one S3 event reached the function');
    assert.equal(invocation.status, 0, `${JSON.stringify(invocation.reply)}\n${invocation.stderr}`);
    assert.deepEqual(JSON.parse(invocation.reply.result!.body), [{ key, status: 'processed', output: outputKey }]);
    const { services } = await activatedExtension();
    const s3 = await services.session.session.clients.s3(REGION);
    const processed = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: OUTPUT, Key: outputKey }))).Body!.transformToByteArray());
    const uploaded = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: INPUT, Key: key }))).Body!.transformToByteArray());
    assert.ok(processed.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')), 'a PNG');
    assert.ok(processed.equals(uploaded), 'the function copied the uploaded image');
  });

  it('Download VPN Configuration: a 0600 .ovpn with the endpoint from EC2 and the client certificate made at deploy time', async () => {
    const row = await stackRow();
    await run('imagingLab.downloadVpnConfig', row.node);
    const note = await eventually('the profile notice', async () => capture!.messages.find((m) => m.text.startsWith(`VPN profile of ${STACK} written`)));
    const file = /: (\/\S+\.ovpn)$/.exec(note.text)?.[1] ?? '';
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`^remote ${VPN_ENDPOINT}\\.prod\\.clientvpn\\.${REGION}\\.amazonaws\\.com 443$`, 'm'));
    const block = (tag: string) => new RegExp(`<${tag}>\\n([\\s\\S]+?)\\n</${tag}>`).exec(text)?.[1] ?? '';
    assert.ok(isIssuedBy(block('cert'), block('ca')), 'the embedded client certificate chains to the embedded CA');
    assert.match(block('key'), /^-----BEGIN PRIVATE KEY-----/);
  });

  it('Open FileGator: an SSH tunnel through the Jupyter host (the real loopback sshd) to FileGator\'s private address, the browser on the local end, the admin password on request', async () => {
    const row = await stackRow();
    opened.length = 0;
    const window = vscode.window as unknown as { showInformationMessage: (text: string, ...items: string[]) => Thenable<string | undefined> };
    const shown = window.showInformationMessage;
    window.showInformationMessage = (text, ...items) => (/^FileGator of .* is open at/.test(text) ? Promise.resolve(items.find((i) => /Copy Admin Password/.test(i))) : shown.call(vscode.window, text, ...items));
    // The workbench's clipboard is a headless browser's (no permission to read it back): record what the extension writes instead.
    const copied: string[] = [];
    const clipboard = Object.getOwnPropertyDescriptor(vscode.env, 'clipboard');
    Object.defineProperty(vscode.env, 'clipboard', { configurable: true, get: () => ({ readText: async () => copied.at(-1) ?? '', writeText: async (text: string) => void copied.push(text) }) });
    let asked: AskedQuestion[];
    try {
      asked = await run('imagingLab.openFileGator', row.node);
    } finally {
      window.showInformationMessage = shown;
      if (clipboard) Object.defineProperty(vscode.env, 'clipboard', clipboard);
      else delete (vscode.env as { clipboard?: unknown }).clipboard;
    }
    assert.deepEqual(asked, [], 'no question: the jump host is found by its role tag, FileGator by the outputs');
    assert.deepEqual(capture!.messages.filter((m) => m.level === 'error'), []);
    assert.equal(opened.length, 1, 'the browser was opened once');
    const url = new URL(opened[0]!);
    assert.equal(url.hostname, '127.0.0.1');
    assert.notEqual(Number(url.port), fileGator!.port, 'through the tunnel, not straight to the stand-in');
    const { services } = await activatedExtension();
    assert.ok(services.tunnels().list().some((t) => t.boundPort === Number(url.port) && t.remoteHost === '127.0.0.1' && t.remotePort === fileGator!.port), 'the tunnel is listed with its far end');
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /FileGator stand-in/);
    assert.deepEqual(copied, [FILEGATOR_PASSWORD], 'the admin password from the stack\'s secret went to the clipboard, once');
    const password = copied[0]!;
    assert.ok(capture!.messages.some((m) => m.text === `The FileGator admin password of ${STACK} is in the clipboard.`));
    const login = await fetch(new URL('/?r=/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    assert.equal(login.status, 200, 'FileGator accepted the admin password through the tunnel');
    assert.deepEqual(fileGator!.requests.map((r) => `${r.method} ${r.path} ${r.authorized}`), ['GET / false', 'POST / true'], 'FileGator itself saw the page load and the login');
  });
});
