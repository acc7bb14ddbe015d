import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './requireTool';

/** A throwaway OpenSSH server on a free loopback port, with its own host key and authorized key. */
export interface SshdPeer {
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  /** OpenSSH private key file (and its content) accepted by the server. */
  readonly clientKeyFile: string;
  readonly clientKey: string;
  /** sshd's own log (LogLevel INFO: "Accepted publickey for ..."), when started with `log: true`. */
  readonly logFile?: string;
  /** Current host public key line: `TYPE BASE64`. */
  hostKeyLine(): string;
  /** Restarts sshd with a newly generated host key (simulates a replaced instance). */
  rotateHostKey(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function keygen(file: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  execFileSync(requireTool('ssh-keygen', 'openssh-client'), ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', file]);
}

/** Resolves when the port answers with an SSH banner; bounded by `timeoutMs`. */
async function waitForBanner(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (v: boolean) => {
        socket.destroy();
        resolve(v);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('data', (d) => done(d.toString().startsWith('SSH-')));
      socket.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** `listen`: loopback addresses sshd listens on (default 127.0.0.1; Linux routes all of 127.0.0.0/8 to lo). */
export async function startSshd(options: { timeoutMs?: number; log?: boolean; listen?: readonly string[] } = {}): Promise<SshdPeer> {
  const sshdPath = requireTool('sshd', 'openssh-server');
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-sshd-'));
  const hostKey = join(dir, 'host_ed25519');
  const clientKeyFile = join(dir, 'client_ed25519');
  keygen(hostKey);
  keygen(clientKeyFile);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKeyFile}.pub`));
  chmodSync(join(dir, 'authorized_keys'), 0o600);
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  const logFile = options.log ? join(dir, 'sshd.log') : undefined;
  writeFileSync(
    config,
    [
      `Port ${port}`,
      ...(options.listen ?? ['127.0.0.1']).map((address) => `ListenAddress ${address}`),
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'AllowTcpForwarding yes',
      'PrintMotd no',
      `LogLevel ${logFile ? 'INFO' : 'ERROR'}`,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(sshdPath, ['-D', '-e', ...(logFile ? ['-E', logFile] : []), '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.resume();
    try {
      await waitForBanner(port, child, options.timeoutMs ?? 10000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  };
  const stopChild = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    user: userInfo().username,
    dir,
    clientKeyFile,
    clientKey: readFileSync(clientKeyFile, 'utf8'),
    ...(logFile ? { logFile } : {}),
    hostKeyLine: () => readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' '),
    rotateHostKey: async () => {
      await stopChild();
      keygen(hostKey);
      await start();
    },
    stop: async () => {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
