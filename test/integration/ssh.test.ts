import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import * as vscode from 'vscode';
import { sshPaths } from '../../src/core/ssh/sshPaths';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { startSshd, type SshdPeer } from '../support/sshd';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { walkTree } from './support/treeWalk';
import { captureWindow, terminalClosed, type CapturedTerminal, type WindowCapture } from './support/windowCapture';

const REGION = 'us-east-1';
const STACK = 'ssh-loopback';
const KIND = 'mde';
/** A single-instance stack's host is named after the stack (no other stack of this name holds it here). */
const ALIAS = STACK;

/** Logins sshd accepted so far (its INFO log), to know the remote side is ready for typed input. */
function acceptedLogins(peer: SshdPeer): number {
  if (!peer.logFile || !existsSync(peer.logFile)) return 0;
  return readFileSync(peer.logFile, 'utf8').split('\n').filter((l) => l.includes(`Accepted publickey for ${peer.user}`)).length;
}

async function registerSshHost(peer: SshdPeer): Promise<void> {
  const response = await fetch(`${fakeAwsUrl()}/__fakeaws/ssh-host`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ region: REGION, stackName: STACK, kind: KIND, port: peer.port, user: peer.user, privateKey: peer.clientKey, hostKeyLine: peer.hostKeyLine() }),
  });
  assert.equal(response.status, 200, await response.text());
}

async function stackNode(): Promise<ExplorerNode> {
  const { services } = await activatedExtension();
  return eventually(`the tree node of ${STACK}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    return (await walkTree(services.stacksTree, 1)).find((r) => r.depth === 1 && r.label === STACK)?.node;
  });
}

/** The one terminal the command created with the given name. */
function createdTerminal(capture: WindowCapture, name: string): CapturedTerminal {
  const found = capture.terminals.filter((t) => t.terminal.name === name);
  assert.equal(found.length, 1, `terminals created: ${capture.terminals.map((t) => t.terminal.name).join(', ') || 'none'}; messages: ${JSON.stringify(capture.messages)}`);
  return found[0]!;
}

/** Shell output (anything but the dim status lines the built-in terminal writes itself). */
function remoteOutputSeen(t: CapturedTerminal): true | undefined {
  return t.chunks.some((c) => !c.startsWith('\x1b[2m')) ? true : undefined;
}

describe('SSH inside VS Code against a real loopback sshd', function () {
  this.timeout(60000);
  let peer: SshdPeer | undefined;
  let scratch = '';
  let capture: WindowCapture | undefined;

  before(async function () {
    this.timeout(60000);
    await ensureScriptedRegions();
    peer = await startSshd({ log: true });
    scratch = mkdtempSync(join(tmpdir(), 'imaging-lab-ssh-it-'));
    await registerSshHost(peer);
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
    await peer?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('built-in terminal: runs a command on the sshd, shows the remote exit status and closes without VS Code\'s own exit-code notification', async () => {
    const sshd = peer!;
    const marker = join(scratch, 'builtin.txt');
    await vscode.commands.executeCommand('imagingLab.openSshTerminal', await stackNode());
    const t = createdTerminal(capture!, `SSH ${ALIAS}`);
    assert.ok(t.hasPty, 'the built-in terminal is a Pseudoterminal');
    await eventually('the remote shell to answer', async () => remoteOutputSeen(t), 20000, 200);
    t.terminal.sendText(`echo "$SSH_CONNECTION" > ${marker}; exit 3`);
    const connection = await eventually('the marker file written by the remote shell', async () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined), 20000, 200);
    assert.match(connection, new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${sshd.port}\\n$`), 'SSH_CONNECTION names the sshd port');
    await eventually('the exit status line', async () => (t.output().includes('Shell exited with status 3.') ? true : undefined), 10000, 200);
    // The terminal stays open to show the status; any key but R closes it. VS Code announces a
    // non-zero exit code of a Pseudoterminal in a notification of its own: the status was shown, so none.
    t.terminal.sendText('q', false);
    const status = await terminalClosed(t.terminal, 10000);
    assert.ok(status, 'the terminal closed');
    assert.equal(status.code, undefined, `exit status ${JSON.stringify(status)}`);
    assert.deepEqual(capture!.messages.filter((m) => m.level !== 'info'), []);
  });

  it('OpenSSH in the integrated terminal: pinned host key, 0600 key, real ssh logs in', async () => {
    const sshd = peer!;
    const marker = join(scratch, 'openssh.txt');
    const loginsBefore = acceptedLogins(sshd);
    await vscode.commands.executeCommand('imagingLab.openOpenSshTerminal', await stackNode());
    assert.deepEqual(capture!.messages.filter((m) => m.level !== 'info'), [], 'no warning (every host pinned) and no error');
    const t = createdTerminal(capture!, `ssh ${ALIAS}`);
    assert.equal(t.hasPty, false, 'a shell terminal running the local ssh');

    const paths = sshPaths();
    const host = SSHConfig.parse(readFileSync(paths.managedConfig, 'utf8')).compute(ALIAS);
    const keyFile = String(host.IdentityFile);
    assert.match(keyFile, new RegExp(`/${STACK}-[0-9a-f]{6}\\.pem$`), `the key file is named after the stack and a hash of its id: ${keyFile}`);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'key file mode');
    assert.equal(readFileSync(keyFile, 'utf8'), sshd.clientKey, 'the key from the SSM parameter');
    const pinName = String(host.HostKeyAlias);
    assert.match(pinName, new RegExp(`^${ALIAS}\\.i-[0-9a-f]+$`), `pinned under the alias and the instance: ${pinName}`);
    const pins = readFileSync(paths.knownHosts, 'utf8').split('\n').filter((l) => l.startsWith(`${pinName} `));
    assert.deepEqual(pins, [`${pinName} ${sshd.hostKeyLine()}`], 'the host key from the console output is pinned');
    assert.match(readFileSync(paths.managedConfig, 'utf8'), /StrictHostKeyChecking yes/);

    // ssh got in (with StrictHostKeyChecking yes, only the pinned key can have let it) before we type.
    await eventually('sshd to accept the OpenSSH login', async () => (acceptedLogins(sshd) > loginsBefore ? true : undefined), 20000, 200);
    t.terminal.sendText(`echo "$SSH_CONNECTION" > ${marker}; exit 4`);
    const connection = await eventually('the marker file written through OpenSSH', async () => (existsSync(marker) ? readFileSync(marker, 'utf8') : undefined), 20000, 200);
    assert.match(connection, new RegExp(`^127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 ${sshd.port}\\n$`));
  });

  it('built-in terminal refuses a changed host key and opens no shell', async () => {
    const sshd = peer!;
    const marker = join(scratch, 'rotated.txt');
    const pinnedBefore = readFileSync(sshPaths().knownHosts, 'utf8');
    await sshd.rotateHostKey();
    const loginsBefore = acceptedLogins(sshd);
    await vscode.commands.executeCommand('imagingLab.openSshTerminal', await stackNode());
    const t = createdTerminal(capture!, `SSH ${ALIAS}`);
    const shown = await eventually('the refusal in the terminal', async () => (/does not match the key pinned/.test(t.output()) ? t.output() : undefined), 20000, 200);
    assert.match(shown, /The connection was refused/);
    assert.match(shown, /Press R to reconnect/);
    assert.equal(remoteOutputSeen(t), undefined, 'no remote output');
    assert.equal(acceptedLogins(sshd), loginsBefore, 'sshd accepted no login');
    assert.equal(readFileSync(sshPaths().knownHosts, 'utf8'), pinnedBefore, 'the pins still hold the published key');
    // Typed text reaches no shell: the first key closes the ended terminal, with no exit code for
    // VS Code to announce after the refusal the terminal showed (one notification, not two).
    t.terminal.sendText(`echo "$SSH_CONNECTION" > ${marker}`);
    const status = await terminalClosed(t.terminal, 10000);
    assert.ok(status, 'the terminal closed');
    assert.equal(status.code, undefined, `exit status ${JSON.stringify(status)}`);
    assert.equal(existsSync(marker), false, 'no command ran remotely');
  });

  it('"Open in Remote-SSH" without the Remote-SSH extension explains and opens no window', async () => {
    assert.equal(vscode.extensions.getExtension('ms-vscode-remote.remote-ssh'), undefined, 'precondition: Remote-SSH is not installed');
    await vscode.commands.executeCommand('imagingLab.openRemoteSsh', await stackNode());
    const messages = capture!.messages;
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.equal(messages[0]?.level, 'info');
    assert.match(messages[0]?.text ?? '', /Remote - SSH extension \(ms-vscode-remote\.remote-ssh\)/);
    assert.equal(capture!.commands.includes('vscode.openFolder'), false, `commands run: ${capture!.commands.join(', ')}`);
    assert.equal(capture!.terminals.length, 0);
  });
});
