import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readHostEntries } from '../../src/core/ssh/managedConfig';
import { sshPaths } from '../../src/core/ssh/sshPaths';
import { POWER_CONFIRM } from '../../src/vscode/power/powerConfirm';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { startSshd, type SshdPeer } from '../support/sshd';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { walkTree, type TreeRow } from './support/treeWalk';
import { captureWindow, terminalClosed, type CapturedTerminal, type WindowCapture } from './support/windowCapture';

const REGION = 'us-east-1';
const STACK = 'power-loopback';
const NEW_ADDRESS = '127.0.0.2';

async function post(path: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${fakeAwsUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as Record<string, string>;
}

/** The stack's rows (stack node, its instance node) after a fresh load. */
async function rows(): Promise<{ stack: TreeRow<ExplorerNode>; instance: TreeRow<ExplorerNode> }> {
  const { services } = await activatedExtension();
  return eventually(`the tree rows of ${STACK}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    const all = await walkTree(services.stacksTree, 3);
    const stack = all.find((r) => r.depth === 1 && r.label === STACK);
    const instance = all.find((r) => r.depth === 3 && r.path.startsWith(`${stack?.path} / Instances / `));
    return stack && instance ? { stack, instance } : undefined;
  });
}

/** SSH_CONNECTION as the remote shell of a new built-in terminal reports it (client ip, port, server ip, port). */
async function remoteConnection(capture: WindowCapture, node: ExplorerNode, marker: string): Promise<string> {
  await vscode.commands.executeCommand('imagingLab.openSshTerminal', node);
  const t = capture.terminals.at(-1) as CapturedTerminal;
  assert.ok(t?.hasPty, `a built-in terminal; messages: ${JSON.stringify(capture.messages)}`);
  await eventually('the remote shell to answer', async () => (t.chunks.some((c) => !c.startsWith('\x1b[2m')) ? true : undefined), 20000, 200);
  t.terminal.sendText(`echo "$SSH_CONNECTION" > ${marker}; exit 0`);
  const connection = await eventually('the marker written by the remote shell', async () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined), 20000, 200);
  await eventually('the exit status line', async () => (t.output().includes('Shell exited with status 0.') ? true : undefined), 10000, 200);
  t.terminal.sendText('q', false);
  await terminalClosed(t.terminal, 10000);
  return connection.trim();
}

/** A service on the "instance" (loopback, reached through the sshd): answers every request with its name. */
async function startService(): Promise<{ server: Server; port: number }> {
  const server = createServer((_request, response) => response.end('dicom-service'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** What 127.0.0.1:port answers now: the body, or the connection error's code. */
async function through(port: number): Promise<string> {
  try {
    return await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10000) })).text();
  } catch (error) {
    return String(((error as Error).cause as { code?: string } | undefined)?.code ?? error);
  }
}

/**
 * Stop and Start from the tree against the fake endpoint: the instance has no Elastic IP, so it
 * comes back at another loopback address, where the same sshd also listens; its console shows no
 * host keys after the restart (cloud-init prints them on the first boot only).
 */
describe('stop and start from the tree; SSH follows the new address', function () {
  this.timeout(60000);
  let peer: SshdPeer | undefined;
  let scratch = '';
  let capture: WindowCapture | undefined;
  let instanceId = '';
  let service: { server: Server; port: number } | undefined;
  let tunnelPort = 0;

  before(async function () {
    this.timeout(60000);
    await ensureScriptedRegions();
    peer = await startSshd({ listen: ['127.0.0.1', NEW_ADDRESS] });
    service = await startService();
    scratch = mkdtempSync(join(tmpdir(), 'imaging-lab-power-it-'));
    const host = await post('/__fakeaws/ssh-host', { region: REGION, stackName: STACK, kind: 'lab', port: peer.port, user: peer.user, privateKey: peer.clientKey, hostKeyLine: peer.hostKeyLine(), withoutElasticIp: true });
    instanceId = host.instanceId ?? '';
    await post('/__fakeaws/power', { region: REGION, instanceId, addressAfterStart: NEW_ADDRESS, publicDns: false, transitionMs: 1500, consoleAfterStart: '' });
  });

  beforeEach(() => {
    capture = captureWindow();
  });

  afterEach(() => {
    capture?.restore();
    for (const t of capture?.terminals ?? []) t.terminal.dispose();
    capture = undefined;
  });

  after(async () => {
    await (await activatedExtension()).services.tunnels().closeAll();
    service?.server.close();
    await peer?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  function answerWarnings(answer: string): unknown[][] {
    const asked: unknown[][] = [];
    (vscode.window as unknown as Record<string, unknown>).showWarningMessage = async (...args: unknown[]) => (asked.push(args), answer);
    return asked;
  }

  it('before: SSH reaches the instance at 127.0.0.1 and the managed config names that address', async () => {
    const { stack } = await rows();
    assert.match(await remoteConnection(capture!, stack.node, join(scratch, 'before.txt')), new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${peer!.port}$`));
    await vscode.commands.executeCommand('imagingLab.writeSshConfig', stack.node);
    const entry = (await readHostEntries(sshPaths())).find((e) => e.hostKeyAlias?.endsWith(`.${instanceId}`));
    assert.equal(entry?.hostName, '127.0.0.1', `managed entries: ${JSON.stringify(await readHostEntries(sshPaths()))}`);
  });

  it('Open SSH Tunnel on the instance: a local port reaches the service on the instance', async () => {
    const { services } = await activatedExtension();
    const { instance } = await rows();
    const window = vscode.window as unknown as Record<string, unknown>;
    const saved = { pick: window.showQuickPick, input: window.showInputBox };
    window.showQuickPick = async (items: Thenable<{ label: string }[]> | { label: string }[]) => (await items).find((i) => i.label === 'Other port…');
    window.showInputBox = async () => String(service!.port);
    try {
      await vscode.commands.executeCommand('imagingLab.openTunnel', instance.node);
    } finally {
      window.showQuickPick = saved.pick;
      window.showInputBox = saved.input;
    }
    const [tunnel] = services.tunnels().to([instanceId]);
    assert.ok(tunnel, `a tunnel to ${instanceId}; messages: ${JSON.stringify(capture!.messages)}`);
    assert.equal(tunnel.origin?.host, '127.0.0.1');
    tunnelPort = tunnel.boundPort;
    assert.equal(await through(tunnelPort), 'dicom-service');
  });

  it('Stop Instance asks what is kept and lost, waits for the stop, and the tree shows it stopped', async () => {
    const { instance } = await rows();
    assert.equal(instance.contextValue, 'instance running');
    const asked = answerWarnings(POWER_CONFIRM.stop);
    await vscode.commands.executeCommand('imagingLab.stopInstance', instance.node);
    assert.equal(asked.length, 1, JSON.stringify(capture!.messages));
    const [question, options] = asked[0] as [string, { modal: boolean; detail: string }];
    assert.match(question, new RegExp(`^Stop server \\(${instanceId}, running\\) of ${STACK}\\?$`));
    assert.equal(options.modal, true);
    assert.match(options.detail, /Stopping keeps: EBS volumes \(1\)/);
    assert.match(options.detail, /Stopping loses: the public IP address of server \(127\.0\.0\.1\): a new one comes with the next start/);
    assert.ok(
      options.detail.includes(`the SSH tunnel http://127.0.0.1:${tunnelPort}/ → ${STACK}:${service!.port}: closed now, reopened on the same local port when you start the instance from Imaging Lab`),
      options.detail,
    );
    assert.deepEqual(capture!.messages.map((m) => [m.level, m.text]), [['info', `${STACK}: server (${instanceId}) is stopped.`]]);
    const after = await rows();
    assert.equal(after.instance.contextValue, 'instance stopped');
    assert.equal(after.instance.description, 'stopped · private 10.0.9.10', 'a stopped instance has no public address; its private one stays');
    assert.equal(await through(tunnelPort), 'ECONNREFUSED', 'the tunnel closed with the stop');
  });

  it('Start Instance brings it back at 127.0.0.2 and rewrites the SSH config without a manual step', async () => {
    const { instance } = await rows();
    await vscode.commands.executeCommand('imagingLab.startInstance', instance.node);
    const message = capture!.messages.find((m) => m.level === 'info')?.text ?? JSON.stringify(capture!.messages);
    assert.match(message, new RegExp(`is running at ${NEW_ADDRESS.replaceAll('.', '\\.')} \\(a new public address\\)\\. SSH config updated for the new address`));
    assert.ok(message.includes(` Tunnel reopened on the same local port: http://127.0.0.1:${tunnelPort}/ → ${STACK}:${service!.port} (via ${NEW_ADDRESS}).`), message);
    const entry = (await readHostEntries(sshPaths())).find((e) => e.hostKeyAlias?.endsWith(`.${instanceId}`));
    assert.equal(entry?.hostName, NEW_ADDRESS);
    assert.equal((await rows()).instance.description, `running · ${NEW_ADDRESS}`);
  });

  it('after the start, the tunnel is back on the same local port through the new address', async () => {
    const { services } = await activatedExtension();
    const [tunnel] = services.tunnels().to([instanceId]);
    assert.equal(tunnel?.boundPort, tunnelPort, 'the same local port');
    assert.equal(tunnel?.origin?.host, NEW_ADDRESS, 'its SSH connection goes to the new address');
    assert.equal(services.tunnels().isSuspended(tunnel.id), false);
    assert.equal(await through(tunnelPort), 'dicom-service', 'the same local port reaches the service again');
  });

  it('after the start, an SSH terminal reaches the instance at its new address with the host key still pinned', async () => {
    const { stack } = await rows();
    assert.match(await remoteConnection(capture!, stack.node, join(scratch, 'after.txt')), new RegExp(`^127\\.0\\.0\\.\\d+ \\d+ ${NEW_ADDRESS.replaceAll('.', '\\.')} ${peer!.port}$`));
    assert.deepEqual(capture!.messages.filter((m) => m.level !== 'info'), [], 'no host-key question, no warning: the pin held');
  });

  it('an instance its idle alarm stopped says so on its node, and Start brings it back', async () => {
    await post('/__fakeaws/power', { region: REGION, instanceId, idleStopAlarm: `${STACK}-IdleStopAlarm` });
    const stopped = await eventually('the idle stop in the tree', async () => {
      const r = await rows();
      return r.instance.description === 'stopped (idle) · private 10.0.9.10' ? r : undefined;
    }, 20000, 1000);
    assert.equal(stopped.instance.contextValue, 'instance stopped');
    const tooltip = String((stopped.instance.node.getTreeItem() as vscode.TreeItem).tooltip);
    assert.match(tooltip, /stopped for being idle \(activity below 10% for 60 min\) at \d{4}-\d\d-\d\d \d\d:\d\d UTC; start it from this node/);
    await vscode.commands.executeCommand('imagingLab.startInstance', stopped.instance.node);
    assert.equal((await rows()).instance.contextValue, 'instance running');
  });

  it("the running cost of the stack comes from the Price List: on its node and in the status bar's total", async () => {
    const { services } = await activatedExtension();
    const monitor = services.costs();
    const cost = await eventually('the stack figure', async () => {
      monitor.invalidate();
      await monitor.settled();
      const { stack } = await rows();
      return monitor.costOf(stack.node.id.replace(/^stack:/, ''));
    }, 30000, 1000);
    assert.deepEqual(cost.lines.map((l) => [l.label, l.source]), [
      ['server: t3.medium (running)', 'price-list'],
      [`public IPv4 of server ${NEW_ADDRESS}`, 'price-list'],
      ['server volume: 30 GB gp3', 'price-list'],
    ]);
    assert.match((await rows()).stack.description, /^create complete · (?:[a-z]{2}-[a-z]+-\d · )?≈ \$0\.050\/h · /);
    assert.ok(monitor.costs().length >= 3, 'every listed stack with resources has a figure');
  });
});
