import assert from 'node:assert/strict';
import { createServer, get, type Server } from 'node:http';
import { Socket } from 'node:net';
import { parseHostKey, HostKeyError, type HostKey } from '../../../src/core/ssh/hostKeyPins';
import { remoteExec } from '../../../src/core/ssh/remoteExec';
import { openShell } from '../../../src/core/ssh/shellSession';
import { connectSsh, probeHostKey, type ConnectOptions, type SshConnection } from '../../../src/core/ssh/sshConnect';
import { forwardLocal, TunnelRegistry } from '../../../src/core/ssh/tunnels';
import { startSshd, type SshdPeer } from '../../support/sshd';

describe('built-in ssh2 sessions against a real sshd', function () {
  this.timeout(60000);
  let peer: SshdPeer;
  let pins: HostKey[];
  const open: SshConnection[] = [];
  const options = (): ConnectOptions => ({ host: '127.0.0.1', port: peer.port, username: peer.user, privateKey: peer.clientKey, pins });
  const connect = async (o: ConnectOptions = options()) => {
    const c = await connectSsh(o);
    open.push(c);
    return c;
  };

  before(async () => {
    peer = await startSshd();
    pins = [parseHostKey(peer.hostKeyLine())!];
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  after(async () => peer?.stop());

  it('runs a command and reports stdout, stderr and the exit status', async () => {
    const result = await remoteExec(await connect()).exec('echo out; echo err >&2; exit 4');
    assert.deepEqual(result, { code: 4, stdout: 'out\n', stderr: 'err\n' });
  });

  it('opens a UTF-8 xterm-256color shell that resizes and reports its exit status', async () => {
    const shell = await openShell(await connect(), { cols: 80, rows: 24 });
    let output = '';
    shell.onData((text) => (output += text));
    shell.resize(132, 43);
    await new Promise((r) => setTimeout(r, 100));
    shell.write('echo "term=$TERM size=$(stty size) ü→✓"; exit 3\n');
    const exit = await shell.exited;
    assert.match(output, /term=xterm-256color size=43 132 ü→✓/);
    assert.equal(exit.code, 3);
    assert.match(exit.reason, /status 3/);
  });

  it('carries an HTTP request through a tunnel and closes it', async () => {
    const server: Server = createServer((req, res) => res.end(`hello from ${req.url}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const httpPort = (server.address() as { port: number }).port;
    const registry = new TunnelRegistry();
    try {
      const tunnel = registry.add(await forwardLocal(await connect(), { remoteHost: '127.0.0.1', remotePort: httpPort, localPort: 0 }));
      const body = await new Promise<string>((resolve, reject) =>
        get(`${tunnel.url}studies`, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve(text));
        }).on('error', reject),
      );
      assert.equal(body, 'hello from /studies');
      assert.deepEqual(registry.list().map((t) => t.remotePort), [httpPort]);
      assert.equal(await registry.close(tunnel.id), true);
      assert.deepEqual(registry.list(), []);
    } finally {
      server.close();
    }
  });

  it('turns Nagle off on its TCP sockets, direct and to a jump host (no 40 ms delayed-ACK stalls)', async () => {
    const original = Socket.prototype.setNoDelay;
    const calls: { port: number | undefined; noDelay: boolean | undefined }[] = [];
    Socket.prototype.setNoDelay = function (this: Socket, noDelay?: boolean) {
      calls.push({ port: this.remotePort, noDelay });
      return original.call(this, noDelay);
    };
    try {
      await connect();
      await connect({ ...options(), jump: options() });
    } finally {
      Socket.prototype.setNoDelay = original;
    }
    // Two TCP connections (direct, and the jump host's); the hop over the jump channel has none.
    assert.equal(calls.filter((c) => c.noDelay === true).length, 2, JSON.stringify(calls));
    assert.ok(calls.every((c) => c.noDelay === true));
  });

  it('connects through a jump host', async () => {
    const result = await remoteExec(await connect({ ...options(), jump: options() })).exec('echo via-jump');
    assert.equal(result.stdout, 'via-jump\n');
  });

  it('refuses to connect without pins, showing the fingerprint to accept once', async () => {
    await assert.rejects(connect({ ...options(), pins: [] }), (error: HostKeyError) => {
      assert.equal(error.check.reason, 'no-pins');
      assert.match(error.message, /SHA256:[A-Za-z0-9+/]{43}/);
      return true;
    });
    const probed = await probeHostKey('127.0.0.1', peer.port);
    const result = await remoteExec(await connect({ ...options(), pins: [], acceptOnceFingerprint: probed.fingerprint })).exec('echo accepted');
    assert.equal(result.stdout, 'accepted\n');
  });

  it('refuses a changed host key', async () => {
    await peer.rotateHostKey();
    await assert.rejects(connect(), (error: HostKeyError) => {
      assert.ok(error instanceof HostKeyError);
      assert.equal(error.check.reason, 'changed');
      assert.match(error.message, /does not match the key pinned/);
      return true;
    });
  });
});
