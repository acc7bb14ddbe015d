/**
 * Built-in ssh2 terminal vs the OpenSSH client against the same loopback sshd, same run:
 * time from command to first shell prompt, and throughput of 50 MB of command output.
 * Run: npx tsx bench/ssh/run.ts [iterations]
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ClientChannel } from 'ssh2';
import { parseHostKey } from '../../src/core/ssh/hostKeyPins';
import { openShell } from '../../src/core/ssh/shellSession';
import { connectSsh, type ConnectOptions, type SshConnection } from '../../src/core/ssh/sshConnect';
import { requireTool } from '../../test/support/requireTool';
import { startSshd, type SshdPeer } from '../../test/support/sshd';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const BYTES = 50 * 1024 * 1024;
const PROMPT = /[#$] ?$/;
const iterations = Number(process.argv[2] ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function builtInPrompt(options: ConnectOptions): Promise<number> {
  const start = performance.now();
  const connection = await connectSsh(options);
  const shell = await openShell(connection, { cols: 120, rows: 40 });
  let seen = '';
  await new Promise<void>((resolve) => shell.onData((text) => ((seen += text), PROMPT.test(seen.trimEnd() + ' ') && resolve())));
  const elapsed = performance.now() - start;
  connection.close();
  return elapsed;
}

function openSshArgs(peer: SshdPeer, configFile: string, ...rest: string[]): string[] {
  return ['-F', configFile, '-o', 'BatchMode=yes', ...rest, 'bench'];
}

async function openSshPrompt(ssh: string, peer: SshdPeer, configFile: string): Promise<number> {
  const start = performance.now();
  const child = spawn(ssh, openSshArgs(peer, configFile, '-tt'), { stdio: ['pipe', 'pipe', 'ignore'] });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => ((seen += d.toString()), PROMPT.test(seen.trimEnd() + ' ') && resolve()));
    child.once('exit', (code) => reject(new Error(`ssh exited ${code} before a prompt`)));
  });
  const elapsed = performance.now() - start;
  child.kill();
  return elapsed;
}

/** The bundled ssh2 (dist/vendor/ssh2.js) is what ships: its native binding is not packaged. */
function bundledClient(): typeof import('ssh2').Client | undefined {
  const file = join(__dirname, '..', '..', 'dist', 'vendor', 'ssh2.js');
  if (!existsSync(file)) return undefined;
  return (createRequire(__filename)(file) as typeof import('ssh2')).Client;
}

async function clientThroughput(ClientClass: typeof import('ssh2').Client, options: ConnectOptions): Promise<number> {
  const client = new ClientClass();
  await new Promise<void>((resolve, reject) =>
    client.once('ready', () => resolve()).once('error', reject).connect({ host: options.host, port: options.port, username: options.username, privateKey: options.privateKey }),
  );
  return builtInThroughput({ client, closed: new Promise(() => undefined), close: () => client.end() });
}

async function builtInThroughput(options: ConnectOptions | SshConnection): Promise<number> {
  const connection = 'client' in options ? options : await connectSsh(options);
  const start = performance.now();
  let received = 0;
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    connection.client.exec(`head -c ${BYTES} /dev/zero`, (e, s) => (e ? reject(e) : resolve(s))),
  );
  stream.on('data', (d: Buffer) => (received += d.length));
  await new Promise((r) => stream.on('close', r));
  const seconds = (performance.now() - start) / 1000;
  connection.close();
  if (received !== BYTES) throw new Error(`built-in received ${received} bytes`);
  return BYTES / seconds / 1e6;
}

async function openSshThroughput(ssh: string, peer: SshdPeer, configFile: string): Promise<number> {
  // Connection set-up is excluded as for the built-in: a ControlMaster would be unfair, so time
  // a no-op command and subtract it.
  const time = async (command: string) => {
    const start = performance.now();
    let received = 0;
    const child = spawn(ssh, [...openSshArgs(peer, configFile), command], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (d: Buffer) => (received += d.length));
    await new Promise((r) => child.once('close', r));
    return { ms: performance.now() - start, received };
  };
  const setup = await time('true');
  const full = await time(`head -c ${BYTES} /dev/zero`);
  if (full.received !== BYTES) throw new Error(`OpenSSH received ${full.received} bytes`);
  return BYTES / ((full.ms - setup.ms) / 1000) / 1e6;
}

async function main(): Promise<void> {
  const ssh = requireTool('ssh', 'openssh-client');
  const peer = await startSshd();
  try {
    const configFile = join(peer.dir, 'client_config');
    writeFileSync(join(peer.dir, 'known_hosts'), `[127.0.0.1]:${peer.port} ${peer.hostKeyLine()}\n`);
    writeFileSync(
      configFile,
      `Host bench\n  HostName 127.0.0.1\n  Port ${peer.port}\n  User ${peer.user}\n  IdentityFile ${peer.clientKeyFile}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${join(peer.dir, 'known_hosts')}\n  StrictHostKeyChecking yes\n`,
    );
    const options: ConnectOptions = { host: '127.0.0.1', port: peer.port, username: peer.user, privateKey: peer.clientKey, pins: [parseHostKey(peer.hostKeyLine())!] };

    const coldStart = performance.now();
    await builtInPrompt(options); // includes loading ssh2, as the first terminal of a session does
    const cold = performance.now() - coldStart;
    const prompts = { builtIn: [] as number[], openSsh: [] as number[] };
    const rates = { builtIn: [] as number[], openSsh: [] as number[], bundled: [] as number[] };
    const Bundled = bundledClient();
    for (let i = 0; i < iterations; i++) {
      prompts.openSsh.push(await openSshPrompt(ssh, peer, configFile));
      prompts.builtIn.push(await builtInPrompt(options));
      rates.openSsh.push(await openSshThroughput(ssh, peer, configFile));
      rates.builtIn.push(await builtInThroughput(options));
      if (Bundled) rates.bundled.push(await clientThroughput(Bundled, options));
    }
    const p = { builtIn: median(prompts.builtIn), openSsh: median(prompts.openSsh) };
    const r = { builtIn: median(rates.builtIn), openSsh: median(rates.openSsh) };
    const constants = createRequire(__filename)('ssh2/lib/protocol/constants.js') as { DEFAULT_CIPHER: string[] };
    let binding = 'no';
    try {
      createRequire(__filename)('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');
      binding = 'yes';
    } catch {
      // pure-JS fallbacks are used for chacha20/poly1305
    }
    console.log(`ssh benchmark: ${iterations} iterations (medians), loopback OpenSSH sshd, ${BYTES / 1048576} MB via exec`);
    console.log(`ssh2 cipher preference: ${constants.DEFAULT_CIPHER.slice(0, 3).join(', ')}; native binding built: ${binding}`);
    console.log('');
    console.log('metric                       built-in ssh2   OpenSSH client   ratio (built-in / OpenSSH)   goal');
    console.log(`first prompt (ms)            ${p.builtIn.toFixed(1).padStart(13)}   ${p.openSsh.toFixed(1).padStart(14)}   ${(p.builtIn / p.openSsh).toFixed(2).padStart(26)}x   <= 1.2x`);
    console.log(`first prompt, cold (ms)      ${cold.toFixed(1).padStart(13)}   ${'-'.padStart(14)}   ${(cold / p.openSsh).toFixed(2).padStart(26)}x   (includes loading ssh2)`);
    console.log(`throughput (MB/s)            ${r.builtIn.toFixed(1).padStart(13)}   ${r.openSsh.toFixed(1).padStart(14)}   ${(r.builtIn / r.openSsh).toFixed(2).padStart(26)}x   >= 0.8x`);
    if (Bundled) {
      const b = median(rates.bundled);
      console.log(`throughput, bundled (MB/s)   ${b.toFixed(1).padStart(13)}   ${r.openSsh.toFixed(1).padStart(14)}   ${(b / r.openSsh).toFixed(2).padStart(26)}x   (dist/vendor/ssh2.js, no native binding)`);
    } else {
      console.log('throughput, bundled: run `npm run build` first to measure dist/vendor/ssh2.js as shipped');
    }
  } finally {
    await peer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
