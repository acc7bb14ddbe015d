import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCRIPTS_DIR } from '../../../templates/cdk/common/scriptFile';
import { requireTool } from '../../support/requireTool';

const SCRIPT = join(SCRIPTS_DIR, 'idle-activity.sh');

/** An IMDSv2 stand-in on loopback: a token for PUT /latest/api/token, metadata only with that token. */
async function startImds(): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.method === 'PUT' && req.url === '/latest/api/token') return void res.end('token-1');
    if (req.headers['x-aws-ec2-metadata-token'] !== 'token-1') return void res.writeHead(401).end();
    if (req.url === '/latest/meta-data/instance-id') return void res.end('i-0abc1234567890def');
    if (req.url === '/latest/meta-data/placement/region') return void res.end('eu-west-1');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

describe('idle activity reporter (templates/scripts/idle-activity.sh)', function () {
  this.timeout(30_000);
  const bash = requireTool('bash', 'bash');
  requireTool('curl', 'curl');
  let dir: string;

  function fake(name: string, body: string): void {
    writeFileSync(join(dir, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }

  function sourced(snippet: string, env: Record<string, string> = {}): string {
    const result = spawnSync(bash, ['-c', `source ${JSON.stringify(SCRIPT)}; ${snippet}`], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, ...env }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim();
  }

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-idle-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('computes CPU busy percent from two /proc/stat readings (iowait counts as idle)', () => {
    const stat = join(dir, 'stat');
    writeFileSync(stat, 'cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n');
    assert.equal(sourced('cpu_counters', { IDLE_PROC_STAT: stat }), '1000 800');
    assert.equal(sourced('cpu_percent "1000 800" "2000 1600"'), '20');
    assert.equal(sourced('cpu_percent "1000 800" "1000 800"'), '0');
    assert.equal(sourced('cpu_percent "1000 800" "1100 800"'), '100');
  });

  it('takes the busiest GPU from nvidia-smi, and 0 without a driver', () => {
    fake('nvidia-smi', 'printf "3\\n87\\n[N/A]\\n12\\n"');
    assert.equal(sourced('gpu_percent'), '87');
    rmSync(join(dir, 'nvidia-smi'));
    assert.equal(sourced('PATH=/usr/bin:/bin; gpu_percent'), '0');
  });

  it('publishes max(CPU, GPU) for its own instance id, read through IMDSv2, to the alarm metric', async () => {
    const imds = await startImds();
    try {
      const calls = join(dir, 'aws-calls');
      fake('aws', `printf '%s\\n' "$*" >> ${JSON.stringify(calls)}`);
      fake('nvidia-smi', 'echo 95');
      // A /proc/stat that does not move (CPU 0 %): the machine's own load must not decide the max.
      const stat = join(dir, 'stat');
      writeFileSync(stat, 'cpu  100 0 100 700 100 0 0 0 0 0\n');
      const child = spawn(bash, [SCRIPT], {
        env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, IDLE_IMDS: imds.url, IDLE_PROC_STAT: stat, IDLE_INTERVAL: '2', IDLE_GPU_SAMPLE: '1', IDLE_ONCE: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, stderr);
      const published = readFileSync(calls, 'utf8').trim().split('\n');
      assert.equal(published.length, 1);
      assert.equal(
        published[0],
        'cloudwatch put-metric-data --region eu-west-1 --namespace ImagingLab/IdleStop --metric-name ActivityPercent --unit Percent --value 95 --dimensions InstanceId=i-0abc1234567890def',
      );
      assert.ok(imds.requests.includes('PUT /latest/api/token'), 'IMDSv2: a token first');
    } finally {
      imds.server.close();
    }
  });

  it('keeps running when publishing fails (logs it) instead of exiting', () => {
    fake('aws', 'exit 255');
    const out = spawnSync(bash, ['-c', `source ${JSON.stringify(SCRIPT)}; publish eu-west-1 i-0abc 3; echo "still here"`], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: 'utf8' });
    assert.equal(out.stdout.trim(), 'still here');
    assert.match(out.stderr, /could not publish ActivityPercent=3/);
  });
});
