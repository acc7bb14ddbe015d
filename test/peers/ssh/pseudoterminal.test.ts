import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseHostKey } from '../../../src/core/ssh/hostKeyPins';
import { connectSsh } from '../../../src/core/ssh/sshConnect';
import { createSshTerminal } from '../../../src/vscode/terminal/sshPseudoterminal';
import { startSshd, type SshdPeer } from '../../support/sshd';
import { until } from './waitUntil';

describe('SSH Pseudoterminal (VS Code adapter) against a real sshd', function () {
  this.timeout(60000);
  let peer: SshdPeer;
  const window = vscode.window as unknown as Record<string, unknown>;
  let original: unknown;
  before(async () => {
    peer = await startSshd();
    original = window.createTerminal;
  });
  after(async () => {
    window.createTerminal = original;
    await peer?.stop();
  });

  it('runs a command with the terminal size, reports the exit status in the terminal, and closes without a code once dismissed (no second notification from VS Code)', async () => {
    let pty: vscode.Pseudoterminal | undefined;
    window.createTerminal = (options: vscode.ExtensionTerminalOptions) => ((pty = options.pty), { show: () => undefined });
    const pins = [parseHostKey(peer.hostKeyLine())!];
    createSshTerminal('SSH mde-peer', {
      connect: (signal) => connectSsh({ host: '127.0.0.1', port: peer.port, username: peer.user, privateKey: peer.clientKey, pins }, signal),
      unknownHostKey: async () => 'cancel',
    });
    assert.ok(pty);
    let text = '';
    const closed: (number | void)[] = [];
    pty.onDidWrite((t) => (text += t));
    pty.onDidClose?.((code) => closed.push(code));
    pty.open({ columns: 90, rows: 20 });
    await until(() => /[#$] $/.test(text), 'the prompt');
    pty.setDimensions?.({ columns: 101, rows: 31 });
    await new Promise((r) => setTimeout(r, 100));
    pty.handleInput?.('echo "dims=$(stty size)"; exit 9\r');
    await until(() => /Press R to reconnect/.test(text), 'the exit notice');
    assert.match(text, /dims=31 101/);
    assert.match(text, /Connecting to SSH mde-peer…/);
    assert.match(text, /Shell exited with status 9\./);
    pty.handleInput?.('x');
    // The terminal said how the shell ended; a non-zero code here would make VS Code add its own notification.
    assert.deepEqual(closed, [undefined]);
  });
});
