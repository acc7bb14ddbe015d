import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tatorFile } from '../../../templates/cdk/tator/tatorInstaller';
import { freePort } from '../../harness/ports';
import { waitForHttp } from '../../harness/waitForHttp';
import { requireTool } from '../../support/requireTool';

interface Seen {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A stand-in for a Tator Service ("gunicorn" or "ui") that says who answered. */
async function backend(name: string, authorise: (headers: IncomingHttpHeaders) => boolean): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.url === '/auth-project') return res.writeHead(authorise(req.headers) ? 200 : 403).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`${name} ${req.url}`);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return { server, port, seen };
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: 'tator.example.invalid', ...headers }, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Replaces `from` (which must occur) everywhere: the test fails if the shipped file changes shape. */
function swap(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `nginx.conf no longer contains ${from}`);
  return text.split(from).join(to);
}

describe('Tator nginx site configuration, served by the real nginx in front of stand-ins for gunicorn and the UI', function () {
  this.timeout(60_000);
  let dir = '';
  let nginx: ChildProcess | undefined;
  let port = 0;
  let gunicorn: Awaited<ReturnType<typeof backend>>;
  let ui: Awaited<ReturnType<typeof backend>>;
  let nginxBin = '';

  before(async () => {
    nginxBin = requireTool('nginx', 'nginx');
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-tator-nginx-'));
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'media', 'working'), { recursive: true });
    writeFileSync(join(dir, 'media', 'clip.mp4'), 'video bytes');
    writeFileSync(join(dir, 'media', 'working', 'part'), 'unfinished');
    for (const p of [join(dir, 'media'), join(dir, 'media', 'working')]) chmodSync(p, 0o755);
    gunicorn = await backend('gunicorn', (h) => h.authorization === 'Token good');
    ui = await backend('ui', () => true);
    port = await freePort();
    let site = tatorFile('nginx.conf');
    site = swap(site, 'listen 80 default_server;', `listen 127.0.0.1:${port} default_server;`);
    site = swap(site, 'http://gunicorn', `http://127.0.0.1:${gunicorn.port}`);
    site = swap(site, 'http://ui:3000', `http://127.0.0.1:${ui.port}`);
    site = swap(site, 'alias /media/;', `alias ${dir}/media/;`);
    site = swap(site, '/var/log/nginx/', `${dir}/`);
    const main = [
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'worker_processes 1;',
      'events { worker_connections 64; }',
      'http {',
      `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
      `  include ${dir}/default.conf;`,
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'default.conf'), site);
    writeFileSync(join(dir, 'nginx.conf'), main);
    const check = spawnSync(nginxBin, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(check.status, 0, check.stderr);
    nginx = spawn(nginxBin, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
    await waitForHttp(`http://127.0.0.1:${port}/wp-login.php`, { timeoutMs: 20_000, failIf: () => (nginx?.exitCode !== null ? `nginx exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}` : undefined) });
  });

  after(async () => {
    nginx?.kill('SIGTERM');
    if (nginx && nginx.exitCode === null) await new Promise((r) => nginx!.once('exit', r));
    gunicorn?.server.close();
    ui?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the UI pages to the UI server and everything else to Django, with the Host and client address', async () => {
    for (const path of ['/', '/projects', '/rest', '/rest/', '/organizations', '/17/annotation/42', '/static/app.js', '/favicon.ico']) {
      const answer = await get(port, path);
      assert.equal(answer.body, `ui ${path}`, path);
    }
    for (const path of ['/accounts/login/', '/rest/Projects', '/admin/', '/objects/tator/key']) {
      const answer = await get(port, path);
      assert.equal(answer.body, `gunicorn ${path}`, path);
    }
    const last = gunicorn.seen.find((s) => s.path === '/accounts/login/')!;
    assert.equal(last.headers.host, 'tator.example.invalid');
    assert.equal(last.headers['x-real-ip'], '127.0.0.1');
    assert.equal((await get(port, '/')).headers['cross-origin-opener-policy'], 'same-origin');
  });

  it('serves media from the EFS folder only when Django authorises the request', async () => {
    const allowed = await get(port, '/media/clip.mp4', { authorization: 'Token good' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body, 'video bytes');
    const check = gunicorn.seen.filter((s) => s.path === '/auth-project').at(-1)!;
    assert.equal(check.headers['x-original-uri'], '/media/clip.mp4');
    assert.equal(check.headers.authorization, 'Token good');
    assert.equal((await get(port, '/media/clip.mp4', { authorization: 'Token bad' })).status, 403);
    const asked = gunicorn.seen.length;
    assert.equal((await get(port, '/media/working/part', { authorization: 'Token good' })).status, 403);
    assert.equal(gunicorn.seen.length, asked, 'working files are refused without asking Django');
  });

  it('answers scanners and /docs without reaching Tator', async () => {
    const before = gunicorn.seen.length + ui.seen.length;
    for (const path of ['/wp-login.php', '/phpmyadmin/index.php', '/HNAP1']) assert.equal((await get(port, path)).status, 404, path);
    const docs = await get(port, '/docs');
    assert.equal(docs.status, 301);
    assert.equal(docs.headers.location, 'https://tator.io/docs');
    assert.equal(gunicorn.seen.length + ui.seen.length, before);
  });
});
