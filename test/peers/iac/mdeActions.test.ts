import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSampleWorkflows } from '../../../src/core/kinds/mde/sampleWorkflows';
import { openMdeSendTarget } from '../../../src/core/kinds/mde/mdeSendTarget';
import { parseHostKey } from '../../../src/core/ssh/hostKeyPins';
import { remoteExec } from '../../../src/core/ssh/remoteExec';
import { connectSsh, type SshConnection } from '../../../src/core/ssh/sshConnect';
import { requireTool } from '../../support/requireTool';
import { startSshd, type SshdPeer } from '../../support/sshd';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

/** Stands in for the workflow manager and MIG on the "instance" (this host's loopback). */
async function startFakeMde(): Promise<{ server: Server; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      if (req.url === '/health') return res.end('Healthy');
      if (req.url === '/workflows' && req.method === 'POST') {
        const name = (JSON.parse(body) as { name: string }).name;
        if (name === 'taken') return res.writeHead(409).end('{"message":"already exists"}');
        return res.writeHead(201, { 'content-type': 'application/json' }).end(`{"workflow_id":"wf-${name}"}`);
      }
      if (req.url?.startsWith('/dicomweb/') && req.method === 'POST') return res.writeHead(200).end('{}');
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, received };
}

function post(url: string, body: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/dicom' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('MDE actions over a real SSH session (sshd on loopback)', function () {
  this.timeout(60_000);
  let peer: SshdPeer;
  let connection: SshConnection;
  let mde: Awaited<ReturnType<typeof startFakeMde>>;
  let dir = '';

  before(async () => {
    requireTool('curl', 'curl');
    peer = await startSshd();
    mde = await startFakeMde();
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-mde-remote-'));
    mkdirSync(join(dir, 'bundle', 'sample-workflows'), { recursive: true });
    writeFileSync(join(dir, 'imaging-lab-mde.env'), `MDE_DIR=${join(dir, 'bundle')}\nMDE_VERSION=0.6.0\n`);
    writeFileSync(join(dir, 'bundle', 'sample-workflows', 'hello-world.json'), '{"name":"hello-world","tasks":[]}');
    writeFileSync(join(dir, 'bundle', 'sample-workflows', "it's taken.json"), '{"name":"taken","tasks":[]}');
    connection = await connectSsh({
      host: '127.0.0.1',
      port: peer.port,
      username: peer.user,
      privateKey: peer.clientKey,
      pins: [parseHostKey(peer.hostKeyLine())!],
    });
  });
  after(async () => {
    connection?.close();
    await peer?.stop();
    await new Promise<void>((r) => (mde ? mde.server.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers the sample workflows with the workflow manager, through the remote shell and curl', async () => {
    const results = await registerSampleWorkflows(remoteExec(connection), {
      sudo: '',
      envFile: join(dir, 'imaging-lab-mde.env'),
      workflowManagerUrl: `http://127.0.0.1:${mde.port}`,
    });
    assert.deepEqual(
      results.map((r) => [r.file, r.outcome, r.workflowId ?? null]),
      [
        ['hello-world.json', 'registered', 'wf-hello-world'],
        ["it's taken.json", 'exists', null],
      ],
    );
    const posts = mde.received.filter((r) => r.url === '/workflows');
    assert.deepEqual(posts.map((p) => [p.contentType, p.body]), [
      ['application/json', '{"name":"hello-world","tasks":[]}'],
      ['application/json', '{"name":"taken","tasks":[]}'],
    ]);
  });

  it('sends to MIG through the tunnel the send target opens, and closes it', async () => {
    const stack = { outputs: [
      { key: 'SshHost', value: '127.0.0.1' },
      { key: 'SshUser', value: peer.user },
      { key: 'DicomWebUrl', value: `http://127.0.0.23:${mde.port}/dicomweb/studies` },
    ] };
    let connects = 0;
    const target = await openMdeSendTarget(stack, {}, async () => {
      connects += 1;
      return connectSsh({ host: '127.0.0.1', port: peer.port, username: peer.user, privateKey: peer.clientKey, pins: [parseHostKey(peer.hostKeyLine())!] });
    });
    try {
      assert.equal(connects, 1);
      assert.equal(target.plan.route, 'tunnel');
      assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+\/dicomweb\/studies$/);
      assert.equal(await post(target.url, 'DICM'), 200);
      assert.ok(mde.received.some((r) => r.url === '/dicomweb/studies' && r.body === 'DICM'));
    } finally {
      await target.close();
    }
    await assert.rejects(post(target.url, 'again'), /ECONNREFUSED/);
  });

  it('needs no SSH for the open port, but only after the PHI warning was accepted', async () => {
    const stack = { outputs: [{ key: 'SshHost', value: '127.0.0.23' }, { key: 'DicomWebUrl', value: 'http://127.0.0.23:5000/dicomweb/studies' }] };
    const never = async (): Promise<SshConnection> => assert.fail('must not connect');
    await assert.rejects(openMdeSendTarget(stack, { route: 'openPort' }, never), /de-identified/);
    const target = await openMdeSendTarget(stack, { route: 'openPort', acceptedPhiWarning: true }, never);
    assert.equal(target.url, 'http://127.0.0.23:5000/dicomweb/studies');
    await target.close();
  });
});
