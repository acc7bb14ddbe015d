import assert from 'node:assert/strict';
import { parseHostKey, type HostKey } from '../../../src/core/ssh/hostKeyPins';
import { connectSsh } from '../../../src/core/ssh/sshConnect';
import { SshTerminalSession, type UnknownHostKeyChoice } from '../../../src/vscode/terminal/sshTerminalSession';
import { startSshd, type SshdPeer } from '../../support/sshd';
import { until } from './waitUntil';

describe('SSH terminal session (Pseudoterminal core) against a real sshd', function () {
  this.timeout(60000);
  let peer: SshdPeer;
  let pins: HostKey[];
  before(async () => {
    peer = await startSshd();
    pins = [parseHostKey(peer.hostKeyLine())!];
  });
  after(async () => peer?.stop());

  function session(options: { pins?: HostKey[]; choice?: UnknownHostKeyChoice } = {}) {
    const sink = { text: '', closed: [] as (number | undefined)[], asked: [] as string[] };
    const s = new SshTerminalSession(
      'mde-peer',
      {
        connect: (signal, acceptOnce) =>
          connectSsh(
            { host: '127.0.0.1', port: peer.port, username: peer.user, privateKey: peer.clientKey, pins: options.pins ?? pins, ...(acceptOnce['127.0.0.1'] ? { acceptOnceFingerprint: acceptOnce['127.0.0.1'] } : {}) },
            signal,
          ),
        unknownHostKey: async (check) => {
          sink.asked.push(check.fingerprint);
          return options.choice ?? 'cancel';
        },
      },
      { write: (t) => (sink.text += t), close: (code) => sink.closed.push(code) },
    );
    return { s, sink };
  }

  it('runs a command, resizes, shows the exit status, reconnects on R and closes without a code for VS Code to announce again', async () => {
    const { s, sink } = session();
    void s.open(100, 30);
    await until(() => s.currentState === 'open', 'the shell');
    s.resize(120, 33);
    await new Promise((r) => setTimeout(r, 100));
    s.input('printf "size=%s\\n" "$(stty size)"; exit 5\n');
    await until(() => s.currentState === 'ended', 'the exit');
    assert.match(sink.text, /size=33 120/);
    assert.match(sink.text, /Shell exited with status 5\. Press R to reconnect/);
    assert.ok(!/[^\r]\n/.test(sink.text.split('Shell exited')[1] ?? ''), 'our messages use CRLF');
    s.input('R');
    await until(() => s.currentState === 'open', 'the reconnected shell');
    s.input('exit 7\n');
    await until(() => s.currentState === 'ended', 'the second exit');
    s.input('q');
    assert.match(sink.text, /Shell exited with status 7\./);
    assert.deepEqual(sink.closed, [undefined], 'the status is in the terminal; no code for a second notification');
  });

  it('explains a dropped connection (no exit status) and offers to reconnect', async () => {
    const { s, sink } = session();
    void s.open(80, 24);
    await until(() => s.currentState === 'open', 'the shell');
    s.input('kill -9 $PPID\n'); // kills the sshd process serving this session: no exit status is sent
    await until(() => s.currentState === 'ended', 'the drop');
    assert.match(sink.text, /The connection to 127\.0\.0\.1 was closed|SSH connection to 127\.0\.0\.1:\d+ failed/);
    assert.match(sink.text, /Press R to reconnect/);
    s.input('q');
    assert.deepEqual(sink.closed, [undefined], 'explained in the terminal: closes without a code (no second notification)');
  });

  it('asks before trusting a host without pins and connects when accepted once', async () => {
    const { s, sink } = session({ pins: [], choice: 'accept-once' });
    void s.open(80, 24);
    await until(() => s.currentState === 'open', 'the accepted shell');
    assert.equal(sink.asked.length, 1);
    assert.match(sink.text, new RegExp(`No pinned host key.*${sink.asked[0]!.replace(/[+/]/g, '\\$&')}`));
    s.dispose();
    assert.deepEqual(sink.closed, [undefined]);
  });

  it('refuses a changed host key and explains it in the terminal', async () => {
    const other = parseHostKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl')!;
    const { s, sink } = session({ pins: [other] });
    await s.open(80, 24);
    assert.equal(s.currentState, 'ended');
    assert.match(sink.text, /does not match the key pinned/);
    s.input('x');
    assert.deepEqual(sink.closed, [undefined], 'explained in the terminal: closes without a code (no second notification)');
  });
});
