import assert from 'node:assert/strict';
import { connect, createServer, type Server } from 'node:net';
import type { Client } from 'ssh2';
import { closingTunnelsLine, reopenedText, reopenTunnels, suspendTunnels } from '../../../src/core/power/followTunnels';
import type { PowerInstance } from '../../../src/core/power/powerTypes';
import { stopImpact } from '../../../src/core/power/stopImpact';
import type { SshConnection } from '../../../src/core/ssh/sshConnect';
import { forwardLocal, TunnelRegistry, type Tunnel, type TunnelOrigin } from '../../../src/core/ssh/tunnels';

const STACK = 'arn:aws:cloudformation:us-east-1:111122223333:stack/mde-a/0a1b2c3d';
const MDE = 'i-0aaa1111222233334';
const OTHER = 'i-0bbb1111222233334';

/** A service on the "instance": answers each connection with its name. */
async function service(name: string): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.end(`${name}\n`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/**
 * An SSH connection stand-in whose `forwardOut` connects to the asked port on loopback (what
 * sshd does on the instance); `drop` ends it as a stopped instance does.
 */
function connection(hosts: string[], host: string): SshConnection & { drop(): void } {
  hosts.push(host);
  let end: (reason: string) => void = () => undefined;
  const closed = new Promise<string>((resolve) => (end = resolve));
  const client = {
    forwardOut(_fromHost: string, _fromPort: number, toHost: string, toPort: number, callback: (error: Error | undefined, channel?: unknown) => void) {
      const socket = connect(toPort, toHost);
      socket.once('connect', () => callback(undefined, Object.assign(socket, { close: () => socket.destroy() })));
      socket.once('error', (error) => callback(error));
    },
  };
  return { client: client as unknown as Client, closed, close: () => end('closed'), drop: () => end('dropped') };
}

/** What a local client reads through 127.0.0.1:port (or the error code when nothing listens). */
async function read(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    socket.on('end', () => resolve(text.trim()));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

function instance(instanceId: string, state = 'running'): PowerInstance {
  return { instanceId, label: 'mde', state, elasticIp: false, ebsVolumeIds: ['vol-1'], publicIp: '127.0.0.1' };
}

describe('tunnels follow a stop and a start', () => {
  const servers: Server[] = [];
  const registry = new TunnelRegistry();
  afterEach(async () => {
    await registry.closeAll();
    for (const s of servers.splice(0)) s.close();
  });

  /** Opens a registered tunnel as the VS Code layer does: the reopen plans a new connection to `next()`. */
  async function open(instanceId: string, remotePort: number, label: string, hosts: string[], next: () => string): Promise<{ tunnel: Tunnel; drop(): void }> {
    const origin = (host: string): TunnelOrigin => ({ stackId: STACK, instanceId, host });
    const first = connection(hosts, '127.0.0.1');
    const tunnel = await forwardLocal(first, { remoteHost: '127.0.0.1', remotePort, localPort: 0, label, origin: origin('127.0.0.1') });
    registry.add(tunnel, async (localPort) => {
      const host = next();
      return forwardLocal(connection(hosts, host), { remoteHost: '127.0.0.1', remotePort, localPort, label, origin: origin(host) });
    });
    return { tunnel, drop: first.drop };
  }

  it('names the tunnels a stop closes, only those to the instances it stops', async () => {
    const dicom = await service('mig');
    servers.push(dicom.server);
    const hosts: string[] = [];
    const { tunnel } = await open(MDE, dicom.port, 'mde-a:104 (DICOM)', hosts, () => '127.0.0.2');
    await open(OTHER, dicom.port, 'other:104', hosts, () => '127.0.0.2');
    assert.deepEqual(registry.to([MDE]).map((t) => t.id), [tunnel.id]);
    const impact = stopImpact([instance(MDE)], registry.to([MDE]));
    assert.ok(
      impact.loses.includes(`the SSH tunnel ${tunnel.url} → mde-a:104 (DICOM): closed now, reopened on the same local port when you start the instance from Imaging Lab`),
      impact.loses.join('\n'),
    );
    assert.equal(closingTunnelsLine([]), undefined);
    assert.ok(!stopImpact([instance(MDE)]).loses.some((l) => l.startsWith('the SSH tunnel')), 'no tunnel line without tunnels');
  });

  it('a stop closes the local port; the start reopens it on the same port through the new address', async () => {
    const dicom = await service('mig');
    servers.push(dicom.server);
    const hosts: string[] = [];
    const { tunnel } = await open(MDE, dicom.port, 'mde-a:104', hosts, () => '127.0.0.2');
    assert.equal(await read(tunnel.boundPort), 'mig');

    assert.deepEqual((await suspendTunnels(registry, [MDE])).map((t) => t.id), [tunnel.id]);
    assert.equal(await read(tunnel.boundPort), 'ECONNREFUSED', 'nothing listens while the instance is stopped');
    assert.equal(registry.isSuspended(tunnel.id), true, 'still listed, to come back');

    const report = await reopenTunnels(registry, [MDE]);
    assert.deepEqual(report.problems, []);
    const [back] = report.reopened;
    assert.equal(back?.boundPort, tunnel.boundPort, 'the same local port');
    assert.equal(back?.origin?.host, '127.0.0.2', 'through the address the instance came back with');
    assert.deepEqual(hosts, ['127.0.0.1', '127.0.0.2']);
    assert.equal(await read(tunnel.boundPort), 'mig', 'the same local port reaches the service again');
    assert.deepEqual(registry.list().map((t) => t.id), [back!.id], 'the new tunnel replaces the old one');
    assert.equal(registry.isSuspended(back!.id), false);
    assert.equal(reopenedText(report), ` Tunnel reopened on the same local port: ${tunnel.url} → mde-a:104 (via 127.0.0.2).`);
  });

  it('a tunnel whose connection dropped by itself (an idle stop) comes back too; others stay as they are', async () => {
    const jupyter = await service('jupyter');
    servers.push(jupyter.server);
    const hosts: string[] = [];
    const mine = await open(MDE, jupyter.port, 'lab:8888 (Jupyter)', hosts, () => '127.0.0.3');
    const other = await open(OTHER, jupyter.port, 'other:8888', hosts, () => '127.0.0.9');
    mine.drop();
    await new Promise((r) => setImmediate(r));
    assert.equal(await read(mine.tunnel.boundPort), 'ECONNREFUSED');
    const report = await reopenTunnels(registry, [MDE]);
    assert.equal(report.reopened.length, 1);
    assert.equal(await read(mine.tunnel.boundPort), 'jupyter');
    assert.equal(await read(other.tunnel.boundPort), 'jupyter', 'the other instance’s tunnel was not touched');
    assert.deepEqual(hosts, ['127.0.0.1', '127.0.0.1', '127.0.0.3']);
  });

  it('for an instance found already running (started elsewhere), only its closed tunnels come back', async () => {
    const web = await service('web');
    servers.push(web.server);
    const hosts: string[] = [];
    const working = await open(MDE, web.port, 'mde-a:80', hosts, () => '127.0.0.2');
    const dropped = await open(MDE, web.port, 'mde-a:104', hosts, () => '127.0.0.2');
    dropped.drop();
    await new Promise((r) => setImmediate(r));
    assert.equal(dropped.tunnel.isOpen(), false);
    assert.equal(working.tunnel.isOpen(), true);

    const report = await reopenTunnels(registry, [], [MDE]);
    assert.deepEqual(report.reopened.map((t) => t.boundPort), [dropped.tunnel.boundPort]);
    assert.ok(registry.list().some((t) => t.id === working.tunnel.id), 'the working tunnel is the same one, untouched');
    assert.deepEqual(hosts, ['127.0.0.1', '127.0.0.1', '127.0.0.2']);
    assert.equal(await read(dropped.tunnel.boundPort), 'web');
    assert.equal(await read(working.tunnel.boundPort), 'web');
  });

  it('a local port another program took meanwhile is reported with what to do, never swapped silently', async () => {
    const dicom = await service('mig');
    servers.push(dicom.server);
    const { tunnel } = await open(MDE, dicom.port, 'mde-a:104', [], () => '127.0.0.2');
    await suspendTunnels(registry, [MDE]);
    const squatter = createServer((s) => s.end('squatter\n'));
    servers.push(squatter);
    await new Promise<void>((resolve) => squatter.listen(tunnel.boundPort, '127.0.0.1', resolve));

    const report = await reopenTunnels(registry, [MDE]);
    assert.deepEqual(report.reopened, []);
    assert.equal(report.problems.length, 1);
    assert.equal(
      report.problems[0]!.message,
      `The tunnel ${tunnel.url} → mde-a:104 could not come back: another program now listens on local port ${tunnel.boundPort}. Stop that program and open the tunnel again from the stack, or open it again now and it takes a free port.`,
    );
    assert.deepEqual(registry.list(), [], 'no longer listed as open');
    assert.equal(await read(tunnel.boundPort), 'squatter');
    assert.equal(reopenedText(report), '');
  });

  it('a reopening that fails (SSH refused) says why and what to do; a tunnel that cannot reopen is closed at the stop', async () => {
    const dicom = await service('mig');
    servers.push(dicom.server);
    const { tunnel } = await open(MDE, dicom.port, 'mde-a:104', [], () => {
      throw new Error('127.0.0.2:22 refused the key');
    });
    const fixed = await forwardLocal(connection([], '127.0.0.1'), { remoteHost: '127.0.0.1', remotePort: dicom.port, localPort: 0, origin: { stackId: STACK, instanceId: OTHER, host: '127.0.0.1' } });
    registry.add(fixed);
    assert.deepEqual(await suspendTunnels(registry, [OTHER]), [], 'nothing to reopen it with');
    assert.deepEqual(registry.to([OTHER]), []);
    assert.equal(await read(fixed.boundPort), 'ECONNREFUSED');

    const report = await reopenTunnels(registry, [MDE]);
    assert.match(report.problems[0]!.message, new RegExp(`^The tunnel ${tunnel.url.replaceAll('.', '\\.')} → mde-a:104 could not be reopened \\(127\\.0\\.0\\.2:22 refused the key\\)\\. Open it again from the stack once the instance answers SSH\\.$`));
    assert.deepEqual(registry.list(), []);
  });
});
