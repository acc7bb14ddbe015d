import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../harness/ports';
import { requireTool } from './requireTool';

const run = promisify(execFile);

/** A throw-away PostgreSQL server on loopback that only accepts TLS connections from TCP clients. */
export interface PostgresPeer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** Runs SQL as the superuser over the Unix socket; returns psql's unaligned, tuples-only output. */
  sql(statement: string, database?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Debian puts the server binaries in /usr/lib/postgresql/<major>/bin; the newest one is used. */
function serverBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const major of majors) {
    const candidate = join(root, major, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return requireTool(name, 'postgresql');
}

/** PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

function exec(file: string, args: string[], owner: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(owner ?? {}) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file} ${args[0] ?? ''} exited with ${code}: ${stderr}`))));
  });
}

/**
 * initdb in a temp dir, a self-signed server certificate, `hostssl` as the only TCP rule (a client
 * without TLS is refused), then a login role and its database. Bounded: pg_ctl waits 30 s at most.
 */
export async function startPostgres(options: { database: string; user: string; password: string }): Promise<PostgresPeer> {
  const initdb = serverBin('initdb');
  const pgCtl = serverBin('pg_ctl');
  const psql = requireTool('psql', 'postgresql-client');
  const openssl = requireTool('openssl', 'openssl');
  const owner = serverUser();
  const dir = await mkdtemp(join(tmpdir(), 'postgres-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  await mkdir(socket);
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await chown(socket, owner.uid, owner.gid);
  }
  const port = await freePort();
  await exec(initdb, ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-E', 'UTF8'], owner);
  await exec(openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-keyout', join(data, 'server.key'), '-out', join(data, 'server.crt')], owner);
  // The server refuses a key others can read.
  await chmod(join(data, 'server.key'), 0o600);
  const hba = 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n';
  await writeFile(join(data, 'pg_hba.conf'), hba);
  if (owner) await chown(join(data, 'pg_hba.conf'), owner.uid, owner.gid);
  const settings = [`listen_addresses=127.0.0.1`, `port=${port}`, `unix_socket_directories=${socket}`, 'ssl=on', 'ssl_cert_file=server.crt', 'ssl_key_file=server.key'];
  await exec(pgCtl, ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', settings.map((s) => `-c ${s}`).join(' ')], owner);

  const sql = async (statement: string, database = 'postgres') => {
    const { stdout } = await run(psql, ['-h', socket, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', statement], { timeout: 30_000 });
    return stdout.trim();
  };
  const stop = async () => {
    await exec(pgCtl, ['stop', '-D', data, '-m', 'fast', '-w', '-t', '30'], owner).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (!/^[a-z_]+$/.test(options.user) || !/^[a-z_]+$/.test(options.database) || !/^[A-Za-z0-9]+$/.test(options.password)) {
      throw new Error('test database names must be lower-case words and the password alphanumeric');
    }
    await sql(`CREATE ROLE ${options.user} LOGIN PASSWORD '${options.password}'`);
    await sql(`CREATE DATABASE ${options.database} OWNER ${options.user}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: '127.0.0.1', port, ...options, sql, stop };
}
