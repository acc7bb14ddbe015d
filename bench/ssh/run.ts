/**
 * Built-in ssh2 terminal vs the OpenSSH client against the same loopback sshd, same run:
 * time from command to first shell prompt, and throughput of 50 MB of output in a terminal (pty) and on a plain channel (no pty).
 * The built-in side is bundled like the extension (dist/vendor/ssh2.js, no native crypto binding),
 * so the ratios describe what ships. The ratios compare like with like: OpenSSH is pinned to the
 * cipher ssh2 negotiates (read from ssh2's handshake); OpenSSH with its own default choice is
 * reported in separate rows. Run: npm run bench:ssh [-- iterations]
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { parseHostKey } from '../../src/core/ssh/hostKeyPins';
import type { ClientChannel } from 'ssh2';
import * as fromSource from './shippedSsh';
import { requireTool } from '../../test/support/requireTool';
import { startSshd, type SshdPeer } from '../../test/support/sshd';

type SshApi = typeof fromSource;
type ConnectOptions = Parameters<SshApi['connectSsh']>[0];

const BYTES = 50 * 1024 * 1024;
const PROMPT = /[#$] ?$/;
// The marker's echoed command line reads DONE-$((6*7)); only the output reads DONE-42.
const COMMAND = `head -c ${BYTES} /dev/zero | tr '\\0' x; echo; echo DONE-$((6*7))\n`;
const MARKER = 'DONE-42';
const READY = 'READY-2';
const iterations = Number(process.argv[2] ?? 7);
const root = join(__dirname, '..', '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Bundles shippedSsh.ts with the extension's own esbuild settings next to dist/vendor. */
async function shippedApi(): Promise<{ api: SshApi; dispose: () => void }> {
  if (!existsSync(join(root, 'dist', 'vendor', 'ssh2.js'))) throw new Error('dist/vendor/ssh2.js is missing: run `node esbuild.js --production` first.');
  const extensionBuild = (createRequire(__filename)(join(root, 'esbuild.js')) as { builds: { entryPoints: unknown }[] }).builds[0]!;
  const outfile = join(root, 'dist', '.bench-ssh.js');
  await build({ ...(extensionBuild as object), entryPoints: { '.bench-ssh': join(__dirname, 'shippedSsh.ts') }, outdir: join(root, 'dist'), sourcemap: false, logLevel: 'error' });
  return { api: createRequire(__filename)(outfile) as SshApi, dispose: () => rmSync(outfile, { force: true }) };
}

/** Resolves once `marker` shows at the end of what `subscribe` delivers; returns the characters seen. */
function waitFor(subscribe: (listener: (text: string) => void) => void, marker: RegExp | string): Promise<number> {
  return new Promise((resolve) => {
    let tail = '';
    let count = 0;
    subscribe((text) => {
      count += text.length;
      tail = (tail + text).slice(-256);
      const found = typeof marker === 'string' ? tail.includes(marker) : marker.test(tail.trimEnd() + ' ');
      if (found) resolve(count);
    });
  });
}

/** A shell on either client: input, and output as text (UTF-8 through a pty, latin1 without). */
interface Session {
  write(text: string): void;
  subscribe(listener: (text: string) => void): void;
  close(): void;
}

async function builtInSession(api: SshApi, options: ConnectOptions, pty: boolean): Promise<Session> {
  const connection = await api.connectSsh(options);
  if (pty) {
    const shell = await api.openShell(connection, { cols: 120, rows: 40 });
    return { write: (t) => shell.write(t), subscribe: (l) => shell.onData(l), close: () => connection.close() };
  }
  const stream = await new Promise<ClientChannel>((resolve, reject) => connection.client.shell(false, (e, c) => (e ? reject(e) : resolve(c))));
  return { write: (t) => stream.write(t), subscribe: (l) => stream.on('data', (d: Buffer) => l(d.toString('latin1'))), close: () => connection.close() };
}

function openSshSession(ssh: string, configFile: string, pty: boolean, cipher?: string): Session {
  const pin = cipher ? ['-o', `Ciphers=${cipher}`] : [];
  const child = spawn(ssh, ['-F', configFile, '-o', 'BatchMode=yes', ...pin, pty ? '-tt' : '-T', 'bench'], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdout.setEncoding(pty ? 'utf8' : 'latin1');
  return { write: (t) => child.stdin.write(t), subscribe: (l) => child.stdout.on('data', l), close: () => child.kill() };
}

/** The cipher (server to client) the shipped ssh2 negotiates with this sshd, from its handshake. */
function ssh2Cipher(options: ConnectOptions): Promise<string> {
  const { Client } = createRequire(__filename)(join(root, 'dist', 'vendor', 'ssh2.js')) as typeof import('ssh2');
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('handshake', (negotiated) => {
      resolve(negotiated.sc.cipher);
      client.end();
    });
    client.on('error', reject);
    client.connect({ host: options.host, port: options.port, username: options.username, privateKey: options.privateKey, hostVerifier: () => true });
  });
}

/** The cipher OpenSSH picks by default (server to client), from `ssh -v`. */
function openSshDefaultCipher(ssh: string, configFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(ssh, ['-v', '-F', configFile, '-o', 'BatchMode=yes', '-T', 'bench', 'true'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    child.on('close', () => {
      const cipher = /kex: server->client cipher: (\S+)/.exec(log)?.[1];
      if (cipher) resolve(cipher);
      else reject(new Error(`ssh -v did not report a cipher:\n${log.slice(-2000)}`));
    });
  });
}

/** Command to first prompt (pty) or first answer (no pty: there is no prompt). */
async function timeToShell(open: () => Promise<Session> | Session, pty: boolean): Promise<{ ms: number; session: Session }> {
  const start = performance.now();
  const session = await open();
  if (pty) await waitFor((l) => session.subscribe(l), PROMPT);
  else {
    const ready = waitFor((l) => session.subscribe(l), READY);
    session.write(`echo READY-$((1+1))\n`);
    await ready;
  }
  return { ms: performance.now() - start, session };
}

/** MB/s from sending the command until its end marker shows, on a shell already at its prompt. */
async function throughput(open: () => Promise<Session> | Session, pty: boolean): Promise<number> {
  const { session } = await timeToShell(open, pty);
  const done = waitFor((l) => session.subscribe(l), MARKER);
  const start = performance.now();
  session.write(COMMAND);
  const seen = await done;
  const seconds = (performance.now() - start) / 1000;
  session.close();
  if (seen < BYTES) throw new Error(`only ${seen} characters arrived`);
  return BYTES / seconds / 1e6;
}

function ratioRow(label: string, ours: number, theirs: number, goal: string): string {
  return `${label.padEnd(34)}${ours.toFixed(1).padStart(10)}   ${theirs.toFixed(1).padStart(14)}   ${(ours / theirs).toFixed(2).padStart(8)}x   ${goal}`;
}

async function main(): Promise<void> {
  const ssh = requireTool('ssh', 'openssh-client');
  const loadBefore = loadavg()[0] ?? NaN;
  const peer: SshdPeer = await startSshd();
  const shipped = await shippedApi();
  try {
    const configFile = join(peer.dir, 'client_config');
    writeFileSync(join(peer.dir, 'known_hosts'), `[127.0.0.1]:${peer.port} ${peer.hostKeyLine()}\n`);
    writeFileSync(
      configFile,
      `Host bench\n  HostName 127.0.0.1\n  Port ${peer.port}\n  User ${peer.user}\n  IdentityFile ${peer.clientKeyFile}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${join(peer.dir, 'known_hosts')}\n  StrictHostKeyChecking yes\n`,
    );
    const options: ConnectOptions = { host: '127.0.0.1', port: peer.port, username: peer.user, privateKey: peer.clientKey, pins: [parseHostKey(peer.hostKeyLine())!] };

    const cipher = await ssh2Cipher(options);
    const defaultCipher = await openSshDefaultCipher(ssh, configFile);
    const openSsh = (pty: boolean, pinned: boolean) => () => openSshSession(ssh, configFile, pty, pinned ? cipher : undefined);
    const shippedPty = () => builtInSession(shipped.api, options, true);
    const cold = await timeToShell(shippedPty, true); // includes loading dist/vendor/ssh2.js, as the first terminal of a session does
    cold.session.close();
    const samples: Record<string, number[]> = {};
    const add = (key: string, value: number) => (samples[key] ??= []).push(value);
    for (let i = 0; i < iterations; i++) {
      for (const pinned of [true, false]) {
        const theirs = await timeToShell(openSsh(true, pinned), true);
        theirs.session.close();
        add(`promptOpenSsh${pinned}`, theirs.ms);
      }
      const ours = await timeToShell(shippedPty, true);
      ours.session.close();
      add('promptBuiltIn', ours.ms);
      for (const pty of [true, false]) {
        add(`openSsh${pty}`, await throughput(openSsh(pty, true), pty));
        add(`openSshDefault${pty}`, await throughput(openSsh(pty, false), pty));
        add(`builtIn${pty}`, await throughput(() => builtInSession(shipped.api, options, pty), pty));
        add(`binding${pty}`, await throughput(() => builtInSession(fromSource, options, pty), pty));
      }
    }
    const m = (key: string) => median(samples[key] ?? []);
    let binding = 'not built';
    try {
      createRequire(__filename)('ssh2/lib/protocol/crypto/build/Release/sshcrypto.node');
      binding = 'built';
    } catch {
      // then the "with native binding" row measures the JavaScript path too
    }
    console.log(`ssh benchmark: ${iterations} iterations (medians), loopback OpenSSH sshd, ${BYTES / 1048576} MB printed by a shell, load average ${loadBefore.toFixed(2)} -> ${(loadavg()[0] ?? NaN).toFixed(2)}`);
    console.log(`built-in = src/core/ssh bundled as shipped (dist/vendor/ssh2.js without ssh2's native binding; ${cipher} runs in Node's crypto, i.e. OpenSSL)`);
    console.log(`OpenSSH pinned to the same cipher (${cipher}); OpenSSH's own default negotiation (${defaultCipher}) reported apart`);
    console.log('');
    console.log(`${'metric'.padEnd(34)}${'built-in'.padStart(10)}   ${'OpenSSH client'.padStart(14)}   ${'ratio'.padStart(9)}   goal`);
    console.log(ratioRow('first prompt (ms)', m('promptBuiltIn'), m('promptOpenSshtrue'), '<= 1.2x'));
    console.log(ratioRow('first prompt, cold (ms)', cold.ms, m('promptOpenSshtrue'), '(includes loading ssh2)'));
    console.log(ratioRow('terminal throughput, pty (MB/s)', m('builtIntrue'), m('openSshtrue'), '>= 0.8x'));
    console.log(ratioRow('  with ssh2 native binding', m('bindingtrue'), m('openSshtrue'), `(node_modules ssh2, binding ${binding}; not shipped)`));
    console.log(ratioRow('channel throughput, no pty (MB/s)', m('builtInfalse'), m('openSshfalse'), '(what tunnels see)'));
    console.log(ratioRow('  with ssh2 native binding', m('bindingfalse'), m('openSshfalse'), `(node_modules ssh2, binding ${binding}; not shipped)`));
    console.log('');
    console.log(`OpenSSH with its default cipher (${defaultCipher}):`);
    console.log(ratioRow('first prompt (ms)', m('promptBuiltIn'), m('promptOpenSshfalse'), ''));
    console.log(ratioRow('terminal throughput, pty (MB/s)', m('builtIntrue'), m('openSshDefaulttrue'), ''));
    console.log(ratioRow('channel throughput, no pty (MB/s)', m('builtInfalse'), m('openSshDefaultfalse'), ''));
  } finally {
    shipped.dispose();
    await peer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
