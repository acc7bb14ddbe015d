import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Standin } from './s3Standin';

const ROOT = join(__dirname, '..', '..');
export const SERVICE_BUNDLE = join(ROOT, 'dist', 'stowrs-service.js');

let built: Promise<string> | undefined;

/** Builds dist/stowrs-service.js from esbuild.js's own entry (once per test process): tests run what ships. */
export function buildStowrsService(): Promise<string> {
  built ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild.js is CommonJS
    const { builds } = require(join(ROOT, 'esbuild.js')) as { builds: { entryPoints: Record<string, string> }[] };
    const entry = builds.find((b) => b.entryPoints['stowrs-service'] !== undefined);
    if (!entry) throw new Error("esbuild.js has no 'stowrs-service' entry");
    const esbuild = await import('esbuild');
    await esbuild.build({ ...entry, absWorkingDir: ROOT, logLevel: 'error' } as never);
    return SERVICE_BUNDLE;
  })();
  return built;
}

export interface LogLine {
  readonly level: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

export interface StowrsProcess {
  /** http(s)://127.0.0.1:PORT — the STOW-RS base; POST to `${base}/studies`. */
  readonly base: string;
  readonly port: number;
  readonly healthPort: number | undefined;
  readonly pid: number;
  /** Every JSON log line so far. */
  logs(): LogLine[];
  /** Resolves with the first log line matching, or rejects after `ms`. */
  waitForLog(predicate: (line: LogLine) => boolean, ms?: number): Promise<LogLine>;
  /** Peak resident set size of the service process so far (VmHWM), in MiB. */
  peakRssMib(): number;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process has gone. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | null>;
}

export interface StowrsOptions {
  readonly s3: S3Standin;
  /** Extra service settings (PREFIX, WADOURL, TLSCERT, CLIENTCA, ...). */
  readonly env?: Record<string, string>;
  /** Start timeout. */
  readonly startMs?: number;
  /** A fixed port (from freePort()); readiness is then a TCP connect, not the 'listening' log line. */
  readonly port?: number;
}

/**
 * Starts the bundled service as its own Node process on loopback, against the S3 stand-in, on a
 * port the OS picks (read back from its 'listening' log line, so there is no port race).
 */
export async function startStowrsService(options: StowrsOptions): Promise<StowrsProcess> {
  const bundle = await buildStowrsService();
  const env = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    LOGLEVEL: 'DEBUG',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...options.s3.env,
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  const waiters: { predicate: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      if (text.trim() === '') continue;
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { level: 'raw', event: 'non-json', text };
      }
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (w.predicate(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLog = (predicate: (line: LogLine) => boolean, ms = 20_000): Promise<LogLine> => {
    const seen = lines.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching service log line within ${ms} ms; stderr: ${stderr}; log: ${JSON.stringify(lines.slice(-5))}`)), ms);
      const entry = {
        predicate,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      waiters.push(entry);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the service exited before logging what was awaited; stderr: ${stderr}; log: ${JSON.stringify(lines.slice(-5))}`));
      });
    });
  };

  let port: number;
  let healthPort: number | undefined;
  let tls: boolean;
  if (options.port !== undefined) {
    // Quiet log levels print no 'listening' line: wait for the port to answer instead.
    tls = Boolean(options.env?.TLSCERT);
    port = options.port;
    await waitForPort(port, options.startMs ?? 20_000, () => child.exitCode !== null).catch((error: Error) => {
      child.kill('SIGKILL');
      throw new Error(`${error.message}; stderr: ${stderr}; log: ${JSON.stringify(lines.slice(-5))}`);
    });
  } else {
    const listening = await waitForLog((l) => l.event === 'listening' || l.level === 'error', options.startMs ?? 20_000).catch(async (error: Error) => {
      child.kill('SIGKILL');
      throw error;
    });
    if (listening.event !== 'listening') {
      child.kill('SIGKILL');
      throw new Error(`the service did not start: ${JSON.stringify(listening)}`);
    }
    port = listening.port as number;
    healthPort = listening.healthPort as number | undefined;
    tls = listening.tls !== 'none';
  }
  return {
    base: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    healthPort,
    pid: child.pid!,
    logs: () => [...lines],
    waitForLog,
    peakRssMib() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      if (!kb) throw new Error('VmHWM not found in /proc/<pid>/status');
      return Number(kb) / 1024;
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM', ms = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

async function waitForPort(port: number, ms: number, exited: () => boolean): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + ms;
  for (;;) {
    if (exited()) throw new Error('the service exited during start-up');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on 127.0.0.1:${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
