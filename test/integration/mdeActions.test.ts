import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { scanDicom } from '../../src/core/dicom/scanDicom';
import { MDE_REMOTE } from '../../src/core/kinds/mde/mdeRemote';
import { MDE_PHI_WARNING } from '../../src/core/kinds/mde/sendPlan';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { startOrthanc, type OrthancPeer } from '../support/orthanc';
import { requireTool } from '../support/requireTool';
import { startSshd, type SshdPeer } from '../support/sshd';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { installMdeBundle, removeStaleEnvFile, startFailingDicomWeb, startWorkflowManager, workflowManagerPort, type StandIn } from './support/mdeStandIns';
import { scriptQuestions, type AskedQuestion, type QuestionReply } from './support/mdeQuestions';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { walkTree } from './support/treeWalk';
import { captureWindow, type WindowCapture } from './support/windowCapture';

const REGION = 'us-east-1';
/**
 * The instance's "public" address in the DicomWebUrl outputs. MIG is reached at 127.0.0.1:<port> on the
 * instance, and every stand-in MIG listens on 127.0.0.1 only, so this loopback address with the same
 * port is a closed port: a send that went there directly instead of through the tunnel would fail.
 */
const UNREACHABLE = '127.0.0.23';
const STACK = 'mde-loopback';
/** A second MDE stack whose "MIG" fails the connection test. */
const FAILING_STACK = 'mde-failing-mig';
/** A third whose MIG port is reachable from here (as if "Allow my IP" had opened it). */
const OPEN_STACK = 'mde-open-mig';
const WORKFLOWS = {
  'hello-world.json': '{"name":"hello-world","tasks":[]}\n',
  'already-there.json': '{"name":"already-there","tasks":[]}\n',
};

async function registerMdeStack(peer: SshdPeer, stackName: string, dicomWebUrl: string): Promise<void> {
  const response = await fetch(`${fakeAwsUrl()}/__fakeaws/ssh-host`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      region: REGION,
      stackName,
      kind: 'mde',
      port: peer.port,
      user: peer.user,
      privateKey: peer.clientKey,
      hostKeyLine: peer.hostKeyLine(),
      extraOutputs: { DicomWebUrl: dicomWebUrl },
    }),
  });
  assert.equal(response.status, 200, await response.text());
}

async function stackNode(stackName: string): Promise<ExplorerNode> {
  const { services } = await activatedExtension();
  return eventually(`the tree node of ${stackName}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    return (await walkTree(services.stacksTree, 1)).find((r) => r.depth === 1 && r.label === stackName)?.node;
  });
}

/** Logins sshd accepted so far (its INFO log): every SSH connection the extension made. */
function sshLogins(peer: SshdPeer): number {
  if (!peer.logFile || !existsSync(peer.logFile)) return 0;
  return readFileSync(peer.logFile, 'utf8').split('\n').filter((l) => l.includes(`Accepted publickey for ${peer.user}`)).length;
}

describe('MDE actions inside VS Code over a real loopback sshd', function () {
  this.timeout(90000);
  let peer: SshdPeer | undefined;
  let orthanc: OrthancPeer | undefined;
  /** Orthanc listens on every interface; this front listens on 127.0.0.1 only (see UNREACHABLE). */
  let orthancFront: FaultProxy | undefined;
  let failingMig: StandIn | undefined;
  let workflowManager: StandIn | undefined;
  let bundle: ReturnType<typeof installMdeBundle> | undefined;
  let capture: WindowCapture | undefined;
  let sampleUids: string[] = [];

  /** Runs a command on a stack node, answering its questions; returns what it asked. */
  async function run(command: string, stackName: string, reply: (q: AskedQuestion) => QuestionReply = () => 'dismiss'): Promise<AskedQuestion[]> {
    const node = await stackNode(stackName);
    const questions = scriptQuestions(reply);
    try {
      await vscode.commands.executeCommand(command, node);
    } finally {
      questions.restore();
    }
    return questions.asked;
  }

  const errors = () => capture!.messages.filter((m) => m.level === 'error');

  before(async function () {
    this.timeout(90000);
    requireTool('curl', 'curl');
    requireTool('sudo', 'sudo');
    removeStaleEnvFile();
    await ensureScriptedRegions();
    peer = await startSshd({ log: true });
    orthanc = await startOrthanc();
    failingMig = await startFailingDicomWeb();
    orthancFront = await startFaultProxy(Number(new URL(orthanc.url).port));
    await assert.rejects(fetch(`http://${UNREACHABLE}:${new URL(orthancFront.origin).port}/`), 'precondition: the MIG port is closed on the public address');
    await registerMdeStack(peer, STACK, `http://${UNREACHABLE}:${new URL(orthancFront.origin).port}/dicom-web/studies`);
    await registerMdeStack(peer, FAILING_STACK, `http://${UNREACHABLE}:${failingMig.port}/dicomweb/studies`);
    await registerMdeStack(peer, OPEN_STACK, `${orthanc.dicomWeb}/studies`);
    const samples = join((await activatedExtension()).extension.extensionUri.fsPath, 'media', 'samples');
    const folders = readdirSync(samples, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(samples, e.name));
    sampleUids = (await scanDicom(folders)).instances.map((i) => i.sopInstanceUid).sort();
    assert.ok(sampleUids.length > 0, 'the extension ships sample DICOM');
  });

  beforeEach(() => {
    capture = captureWindow();
  });

  afterEach(() => {
    capture?.restore();
    capture = undefined;
  });

  after(async () => {
    bundle?.remove();
    await workflowManager?.stop();
    await failingMig?.stop();
    await orthancFront?.stop();
    await orthanc?.stop();
    await peer?.stop();
  });

  describe('Register MDE Sample Workflows', () => {
    it('before MDE finished installing: says so and what to do, registers nothing', async () => {
      assert.equal(existsSync(MDE_REMOTE.envFile), false, `precondition: ${MDE_REMOTE.envFile} is absent`);
      const logins = sshLogins(peer!);
      await run('imagingLab.registerSampleWorkflows', STACK);
      assert.deepEqual(errors().map((m) => m.text), [
        `Register MDE Sample Workflows on ${STACK} failed: ` +
        `MONAI Deploy Express has not finished installing on this instance (${MDE_REMOTE.envFile} is missing). ` +
          `Wait for the stack to reach CREATE_COMPLETE, or read ${MDE_REMOTE.installLog} on the instance.`,
      ]);
      assert.equal(sshLogins(peer!), logins + 1, 'the check ran over one SSH login');
    });

    it('with the workflow manager down: says how to restart it', async () => {
      bundle = installMdeBundle(WORKFLOWS);
      await run('imagingLab.registerSampleWorkflows', STACK);
      const shown = errors();
      assert.equal(shown.length, 1, JSON.stringify(capture!.messages));
      assert.match(shown[0]!.text, new RegExp(`workflow manager is not answering on the instance \\(http://127\\.0\\.0\\.1:${workflowManagerPort()}/health\\)`));
      assert.match(shown[0]!.text, /sudo systemctl restart monai-deploy-express\.service/);
    });

    it('posts every sample workflow to the workflow manager through the remote shell and reports the outcome', async () => {
      bundle ??= installMdeBundle(WORKFLOWS);
      workflowManager = await startWorkflowManager();
      const asked = await run('imagingLab.registerSampleWorkflows', STACK);
      assert.deepEqual(asked, [], 'no question: the stack node and its pinned host key are enough');
      assert.deepEqual(capture!.messages, [{ level: 'info', text: `MDE sample workflows on ${STACK}: 1 registered, 1 already there, 0 failed.` }]);
      const posts = workflowManager.received.filter((r) => r.method === 'POST');
      // The remote lists the files sorted; one POST each, the file's bytes as sent by curl --data-binary.
      assert.deepEqual(
        posts.map((p) => [p.url, p.contentType, p.body]),
        [
          ['/workflows', 'application/json', WORKFLOWS['already-there.json']],
          ['/workflows', 'application/json', WORKFLOWS['hello-world.json']],
        ],
      );
      assert.equal(workflowManager.received.filter((r) => r.url === '/health').length, 1, 'health checked once first');
    });
  });

  describe('Send Sample DICOM', () => {
    it('goes through the SSH tunnel by default, with no open-port question, and stores every sample', async () => {
      const logins = sshLogins(peer!);
      const asked = await run('imagingLab.sendSampleDicom', STACK, (q) => (q.kind === 'pick' ? /SSH tunnel/ : 'dismiss'));
      assert.deepEqual(
        asked.map((q) => [q.kind, q.text]),
        [['pick', 'How should DICOM reach the MONAI Informatics Gateway?']],
        'one question (the route), no PHI modal',
      );
      assert.match(asked[0]!.choices[0]!, /Through an SSH tunnel/, 'the tunnel is the first (default) choice');
      assert.equal(sshLogins(peer!), logins + 1, 'one SSH connection carried the tunnel');
      assert.deepEqual(errors(), []);
      const summary = await eventually('the send summary', async () => capture!.messages.find((m) => m.text.startsWith(`${STACK}: `)));
      assert.equal(summary.level, 'info', summary.text);
      assert.deepEqual([...(await orthanc!.storedSopInstanceUids())].sort(), sampleUids, 'Orthanc behind the tunnel stored every sample');
    });

    it('dismissing the route question sends nothing and connects nowhere', async () => {
      await orthanc!.clear();
      const logins = sshLogins(peer!);
      const asked = await run('imagingLab.sendSampleDicom', STACK, () => 'dismiss');
      assert.equal(asked.length, 1);
      assert.deepEqual(capture!.messages, [], 'a cancellation ends quietly');
      assert.equal(sshLogins(peer!), logins);
      assert.equal((await orthanc!.storedSopInstanceUids()).size, 0);
    });

    it('the open MIG port asks first with the PHI warning; dismissing it sends nothing and connects nowhere', async () => {
      await orthanc!.clear();
      const logins = sshLogins(peer!);
      const asked = await run('imagingLab.sendSampleDicom', STACK, (q) => (q.kind === 'pick' ? /open MIG port/ : 'dismiss'));
      assert.deepEqual(asked.map((q) => q.kind), ['pick', 'modal']);
      const modal = asked[1]!;
      assert.equal(modal.text, 'Send over the open, unencrypted MIG port?');
      assert.ok(modal.detail.includes(MDE_PHI_WARNING), `the PHI warning in the modal: ${modal.detail}`);
      assert.deepEqual(modal.choices, ['Send Unencrypted']);
      assert.deepEqual(capture!.messages, []);
      assert.equal(sshLogins(peer!), logins);
      assert.equal((await orthanc!.storedSopInstanceUids()).size, 0);
    });

    it('the open MIG port, once the PHI warning is accepted, sends straight to it without SSH', async () => {
      await orthanc!.clear();
      const logins = sshLogins(peer!);
      const asked = await run('imagingLab.sendSampleDicom', OPEN_STACK, (q) => (q.kind === 'pick' ? /open MIG port/ : /^Send Unencrypted$/));
      assert.deepEqual(asked.map((q) => q.kind), ['pick', 'modal']);
      assert.ok(asked[1]!.detail.includes(MDE_PHI_WARNING));
      const summary = await eventually('the send summary', async () => capture!.messages.find((m) => m.text.startsWith(`${OPEN_STACK}: `)));
      assert.equal(summary.level, 'info', summary.text);
      assert.deepEqual(errors(), []);
      assert.equal(sshLogins(peer!), logins, 'no SSH connection for the open port');
      assert.deepEqual([...(await orthanc!.storedSopInstanceUids())].sort(), sampleUids);
    });

    it('a failed connection test through the tunnel asks before sending; dismissing it sends nothing', async () => {
      const asked = await run('imagingLab.sendSampleDicom', FAILING_STACK, (q) => (q.kind === 'pick' ? /SSH tunnel/ : 'dismiss'));
      assert.deepEqual(asked.map((q) => q.kind), ['pick', 'modal']);
      assert.match(asked[1]!.text, new RegExp(`^The connection test to ${FAILING_STACK} failed: .*HTTP 503`));
      assert.deepEqual(asked[1]!.choices, ["Don't Send", 'Send Anyway'], "Don't Send first: the dialog's default");
      assert.deepEqual(
        failingMig!.received.map((r) => `${r.method} ${r.url.split('?')[0]}`),
        ['GET /dicomweb/studies'],
        'only the QIDO test reached the stand-in, through the tunnel',
      );
      assert.deepEqual(errors(), []);
    });
  });
});
