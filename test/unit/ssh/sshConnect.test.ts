import assert from 'node:assert/strict';
import { connect as tcpConnect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { Server, utils, type Connection } from 'ssh2';
import { fingerprint, HostKeyError, parseHostKey, type HostKey } from '../../../src/core/ssh/hostKeyPins';
import { remoteExec } from '../../../src/core/ssh/remoteExec';
import { connectSsh, probeHostKey, type SshConnection } from '../../../src/core/ssh/sshConnect';
import { forwardLocal, TunnelRegistry } from '../../../src/core/ssh/tunnels';

/**
 * An in-process SSH server (ssh2's Server) on 127.0.0.1: it accepts one user with one key, runs
 * `echo`-like commands and opens direct-tcpip channels to loopback ports. The real OpenSSH server is
 * exercised by the peers tier; this states the client's own rules (pins, errors, jump, exec, tunnels).
 */
const hostPair = utils.generateKeyPairSync('ed25519');
const otherHostPair = utils.generateKeyPairSync('ed25519');
const userPair = utils.generateKeyPairSync('ed25519');
const strangerPair = utils.generateKeyPairSync('ed25519');
const HOST_KEY: HostKey = parseHostKey(hostPair.public)!;
const OTHER_KEY: HostKey = parseHostKey(otherHostPair.public)!;
const USER_KEY = utils.parseKey(userPair.public);

function startServer(): Promise<{ server: Server; port: number; connections: Connection[] }> {
  const connections: Connection[] = [];
  const server = new Server({ hostKeys: [hostPair.private] }, (client) => {
    connections.push(client);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== 'lab' || Array.isArray(USER_KEY) || USER_KEY instanceof Error) return ctx.reject(['publickey']);
      if (ctx.key.algo !== USER_KEY.type || !ctx.key.data.equals(USER_KEY.getPublicSSH())) return ctx.reject(['publickey']);
      return ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          if (info.command === 'fail') {
            stream.stderr.write('no such thing\n');
            stream.exit(3);
          } else {
            stream.write(`ran: ${info.command}\n`);
            stream.exit(0);
          }
          stream.end();
        });
      });
      client.on('tcpip', (accept, reject, info) => {
        const socket = tcpConnect(info.destPort, '127.0.0.1');
        socket.once('error', () => reject());
        socket.once('connect', () => {
          const channel = accept();
          channel.pipe(socket).pipe(channel);
        });
      });
    });
    client.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, connections })));
}

describe('SSH connections (built-in client against an in-process server)', function () {
  this.timeout(20000);
  let server: Server;
  let port: number;
  let connections: Connection[];
  const open: SshConnection[] = [];

  before(async () => ({ server, port, connections } = await startServer()));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  const endpoint = (overrides: Partial<Parameters<typeof connectSsh>[0]> = {}) => ({ host: '127.0.0.1', port, username: 'lab', privateKey: userPair.private, pins: [HOST_KEY], ...overrides });

  it('connects when the server presents a pinned key, and runs commands with their exit code and output', async () => {
    const seen: unknown[] = [];
    const connection = await connectSsh(endpoint({ pins: [OTHER_KEY, HOST_KEY], onHostKey: (c) => seen.push(c) }));
    open.push(connection);
    assert.deepEqual(seen, [{ ok: true, fingerprint: fingerprint(HOST_KEY) }]);
    const exec = remoteExec(connection);
    assert.deepEqual(await exec.exec('hostname'), { code: 0, stdout: 'ran: hostname\n', stderr: '' });
    assert.deepEqual(await exec.exec('fail'), { code: 3, stdout: '', stderr: 'no such thing\n' });
  });

  it('refuses a server whose key is not pinned, with a HostKeyError naming both fingerprints', async () => {
    await assert.rejects(connectSsh(endpoint({ pins: [OTHER_KEY] })), (err: unknown) => {
      assert.ok(err instanceof HostKeyError);
      assert.equal(err.check.reason, 'changed');
      assert.equal(err.check.fingerprint, fingerprint(HOST_KEY));
      assert.ok(err.message.includes(fingerprint(OTHER_KEY)));
      return true;
    });
  });

  it('trusts nothing without pins, unless the person accepted exactly that fingerprint once', async () => {
    await assert.rejects(connectSsh(endpoint({ pins: [] })), (err: unknown) => err instanceof HostKeyError && err.check.reason === 'no-pins');
    await assert.rejects(connectSsh(endpoint({ pins: [], acceptOnceFingerprint: fingerprint(OTHER_KEY) })), HostKeyError);
    open.push(await connectSsh(endpoint({ pins: [], acceptOnceFingerprint: fingerprint(HOST_KEY) })));
  });

  it('reads the host key without logging in (accept once)', async () => {
    const check = await probeHostKey('127.0.0.1', port);
    assert.equal(check.ok, false);
    assert.equal(check.fingerprint, fingerprint(HOST_KEY));
    assert.equal(check.ok ? '' : check.reason, 'no-pins');
  });

  it('explains a refused key, a closed port and a timeout in words that say what to do', async () => {
    await assert.rejects(connectSsh(endpoint({ privateKey: strangerPair.private })), /127\.0\.0\.1:\d+ refused the key for user 'lab'\. Check the user name/);
    const closed = await freePort();
    await assert.rejects(connectSsh(endpoint({ port: closed })), new RegExp(`Nothing accepts SSH connections at 127\\.0\\.0\\.1:${closed}\\. Is the instance running`));
    const silent = await silentServer();
    try {
      await assert.rejects(connectSsh(endpoint({ port: silent.port, readyTimeoutMs: 300 })), /No answer from 127\.0\.0\.1:\d+\. The security group may not allow your IP/);
    } finally {
      silent.server.close();
    }
  });

  it('stops connecting when cancelled', async () => {
    const silent = await silentServer();
    try {
      const controller = new AbortController();
      // Cancelled during the handshake: once the TCP connection reached the (silent) server.
      silent.server.once('connection', () => controller.abort(new Error('Cancelled by test')));
      await assert.rejects(connectSsh(endpoint({ port: silent.port }), controller.signal), /Cancelled by test/);
      const aborted = AbortSignal.abort(new Error('Already cancelled'));
      await assert.rejects(connectSsh(endpoint(), aborted), /Already cancelled/);
      // Cancelled while the SSH library is being loaded (the first await): nothing is dialled.
      let dialled = 0;
      silent.server.on('connection', () => dialled++);
      const early = new AbortController();
      const pending = connectSsh(endpoint({ port: silent.port, readyTimeoutMs: 5000 }), early.signal);
      early.abort(new Error('Cancelled while loading'));
      await assert.rejects(pending, /Cancelled while loading/);
      assert.equal(dialled, 0, 'no connection is made after the cancel');
    } finally {
      silent.server.close();
    }
  });

  it('dials the target through a jump host, checking each hop against its own pins, and closing both', async () => {
    const connection = await connectSsh(endpoint({ jump: endpoint() }));
    open.push(connection);
    assert.equal((await remoteExec(connection).exec('id')).stdout, 'ran: id\n');
    const before = connections.length;
    assert.ok(before >= 2);
    await assert.rejects(connectSsh(endpoint({ jump: endpoint(), pins: [OTHER_KEY] })), HostKeyError);
    await assert.rejects(connectSsh(endpoint({ jump: endpoint({ pins: [OTHER_KEY] }) })), HostKeyError);
  });

  it('says why the connection ended when the server goes away', async () => {
    const connection = await connectSsh(endpoint());
    connections.at(-1)?.end();
    assert.match(await connection.closed, /The connection to 127\.0\.0\.1 was closed \(network drop, or the instance stopped or rebooted\)\./);
  });

  it('forwards a loopback-only local port over the connection, and closes it with the registry', async () => {
    const echo = createTcpServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
    const connection = await connectSsh(endpoint());
    open.push(connection);
    const registry = new TunnelRegistry();
    try {
      const tunnel = registry.add(await forwardLocal(connection, { remoteHost: '127.0.0.1', remotePort: (echo.address() as AddressInfo).port, localPort: 0, label: 'echo' }));
      assert.equal(tunnel.url, `http://127.0.0.1:${tunnel.boundPort}/`);
      assert.equal(tunnel.label, 'echo');
      assert.equal(await roundTrip(tunnel.boundPort, 'ping'), 'ping');
      await assert.rejects(forwardLocal(connection, { remoteHost: '127.0.0.1', remotePort: 1, localPort: tunnel.boundPort }), new RegExp(`Local port ${tunnel.boundPort} is already in use; choose another port\\.`));
      assert.deepEqual(registry.list().map((t) => t.id), [tunnel.id]);
      assert.equal(await registry.close(tunnel.id), true);
      assert.equal(await registry.close(tunnel.id), false);
      assert.deepEqual(registry.list(), []);
      await assert.rejects(roundTrip(tunnel.boundPort, 'x'), /ECONNREFUSED/);
    } finally {
      await registry.closeAll();
      echo.close();
    }
  });
});

function freePort(): Promise<number> {
  const probe = createTcpServer();
  return new Promise((resolve) => probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  }));
}

/** Accepts TCP and never speaks SSH. */
function silentServer(): Promise<{ server: TcpServer; port: number }> {
  const sockets = new Set<import('node:net').Socket>();
  const server = createTcpServer((s) => sockets.add(s));
  const close = server.close.bind(server);
  server.close = (cb?: (err?: Error) => void) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  };
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}
