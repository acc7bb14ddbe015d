import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { newPlainApp, templateOf } from '../../templates/cdk/common/plainApp';
import { BUNDLE_FILES, HEREDOC_END } from '../../templates/cdk/orthanc/orthancFiles';
import { ORTHANC_INSTANCE_LOGICAL_ID } from '../../templates/cdk/orthanc/orthancServer';
import { OrthancStack } from '../../templates/cdk/orthanc/orthancStack';
import { freePort } from '../harness/ports';
import { stopProcessGroup } from '../harness/processGroup';
import { startPostgres, type PostgresPeer } from './postgres';
import { requireTool } from './requireTool';
import { heredocFiles, renderedUserData } from './userDataText';

export type OrthancProfile = 'evaluation' | 'production';

/**
 * Plugins Debian ships, loaded by the stand-in. The orthancteam/orthanc image enables its own from
 * the configuration sections; Debian has no AWS S3 storage plugin, so the stand-in stores files
 * with Orthanc's built-in storage in StorageDirectory (the AwsS3Storage section is left unread).
 */
export const DEBIAN_PLUGINS = {
  dicomWeb: '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
  postgresIndex: '/usr/share/orthanc/plugins/libOrthancPostgreSQLIndex.so',
} as const;

/** The instance's files as the synthesized template carries them in its user data. */
export interface OrthancBundle {
  readonly files: ReadonlyMap<string, string>;
  /** templates/orthanc/install.sh as it runs on the instance (after the heredocs). */
  readonly installer: string;
}

let bundleCache: OrthancBundle | undefined;

/** Synthesizes the Orthanc stack once and takes the files out of its user data. */
export function orthancBundle(): OrthancBundle {
  if (!bundleCache) {
    const template = templateOf(new OrthancStack(newPlainApp(), 'OrthancStandIn'));
    const text = renderedUserData(template, ORTHANC_INSTANCE_LOGICAL_ID);
    const files = heredocFiles(text);
    const end = `\n${HEREDOC_END}\n`;
    bundleCache = { files, installer: text.slice(text.lastIndexOf(end) + end.length) };
  }
  return bundleCache;
}

/** nginx (same nginx.conf, same certificate script) in front of Debian's Orthanc (same orthanc.json), on loopback. */
export interface OrthancStandIn {
  readonly profile: OrthancProfile;
  readonly dir: string;
  /** https://127.0.0.1:PORT, nginx's HTTPS listener (the stack's WebUrl without the slash). */
  readonly httpsOrigin: string;
  /** The DicomWebUrl output form: https://127.0.0.1:PORT/dicom-web/studies. */
  readonly dicomWebUrl: string;
  readonly httpsPort: number;
  readonly dicomTlsPort: number;
  /** What TlsCaCertificateParameter holds (PEM file). */
  readonly caFile: string;
  readonly serverCertFile: string;
  /** What TlsFingerprintParameter holds: make-certificate.sh's output (colon-separated SHA-256). */
  readonly fingerprint: string;
  /** What DicomWebCredentialsSecret holds. */
  readonly username: string;
  readonly password: string;
  /** Orthanc's own HTTP port (loopback only), for reading back what arrived. */
  readonly orthancUrl: string;
  readonly storageDir: string;
  readonly indexDir: string;
  /** The directory holding the bundle files and install.sh. */
  readonly bundleDir: string;
  readonly postgres: PostgresPeer | undefined;
  /** Runs bash with the installer sourced (its functions defined, nothing run). */
  bash(script: string, args?: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** GET/DELETE on Orthanc's REST API with the admin credentials. */
  rest<T = unknown>(path: string, method?: string): Promise<T>;
  storedSopInstanceUids(): Promise<Set<string>>;
  clear(): Promise<void>;
  stopOrthanc(): Promise<void>;
  startOrthanc(): Promise<void>;
  stop(): Promise<void>;
}

interface Spawned {
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** stdout goes to a file when given: nginx opens /dev/stdout for its access log, which a Node pipe (a socket) refuses. */
function start(file: string, args: string[], stdoutFd?: number): Spawned {
  const child = spawn(file, args, { stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-6000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

async function until(what: string, deadlineMs: number, check: () => Promise<boolean>, alive: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (!alive()) throw new Error(`${what} exited during start-up: ${log()}`);
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${deadlineMs / 1000} s: ${log()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function tlsAnswers(port: number, ca: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(2000, () => socket.destroy());
  });
}

function runBash(bundleDir: string, script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `source "$0/install.sh"; ${script}`, bundleDir, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ORTHANC_BUNDLE: bundleDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    // 'close', not 'exit': output still in the pipes when the process exits would be lost.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Starts the stand-ins of the Orthanc instance: renders the template's own files with loopback
 * settings through install.sh's render_bundle, writes the credential (and, for production, the
 * PostgreSQL) files with install.sh's writers, makes the certificate with make-certificate.sh,
 * then runs Debian's Orthanc on that configuration and Debian's nginx on that nginx.conf.
 */
export async function startOrthancStandIn(options: { profile: OrthancProfile }): Promise<OrthancStandIn> {
  const orthancBin = requireTool('Orthanc', 'orthanc');
  const nginxBin = requireTool('nginx', 'nginx');
  requireTool('openssl', 'openssl');
  for (const [name, path] of Object.entries(DEBIAN_PLUGINS)) {
    if (name === 'postgresIndex' && options.profile !== 'production') continue;
    if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package '${name === 'dicomWeb' ? 'orthanc-dicomweb' : 'orthanc-postgresql'}'.`);
  }
  if (!existsSync('/etc/nginx/modules-enabled/50-mod-stream.conf')) {
    throw new Error("nginx's stream module (DICOM-TLS) is missing: install the Debian package 'libnginx-mod-stream'.");
  }
  const bundle = orthancBundle();
  const dir = await mkdtemp(join(tmpdir(), 'orthanc-standin-'));
  const bundleDir = join(dir, 'bundle');
  const p = (...parts: string[]) => join(dir, ...parts);
  await Promise.all(['bundle', 'run', 'storage', 'index', 'orthanc-config'].map((d) => mkdir(p(d))));
  for (const name of BUNDLE_FILES) await writeFile(join(bundleDir, name), bundle.files.get(name) ?? '');
  await writeFile(join(bundleDir, 'install.sh'), bundle.installer);

  const username = 'admin';
  const password = randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 24);
  const [orthancHttp, orthancDicom, httpsPort, dicomTlsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  let postgres: PostgresPeer | undefined;
  const processes: Spawned[] = [];
  const stopAll = async () => {
    for (const s of processes.splice(0).reverse()) await stopProcessGroup(s.child);
    await postgres?.stop();
  };
  try {
    const settings = [
      `ORTHANC_HTTP_PORT=${orthancHttp}`,
      `ORTHANC_DICOM_PORT=${orthancDicom}`,
      // The instance needs remote access (nginx is another container); here nginx is on loopback.
      'ORTHANC_REMOTE_ACCESS=false',
      `ORTHANC_STORAGE_DIR=${p('storage')}`,
      `ORTHANC_INDEX_DIR=${p('index')}`,
      `HTTPS_LISTEN=127.0.0.1:${httpsPort}`,
      `DICOM_TLS_LISTEN=127.0.0.1:${dicomTlsPort}`,
      `ORTHANC_HTTP_UPSTREAM=127.0.0.1:${orthancHttp}`,
      `ORTHANC_DICOM_UPSTREAM=127.0.0.1:${orthancDicom}`,
      `TLS_CERT=${p('tls', 'server.crt')}`,
      `TLS_KEY=${p('tls', 'server.key')}`,
      `NGINX_RUN_DIR=${p('run')}`,
      `APP_DIR=${dir}`,
      `INDEX_HOST_DIR=${p('index')}`,
      'S3_BUCKET=imaging-lab-stand-in-not-used',
      'AWS_REGION=us-east-1',
    ];
    await writeFile(p('settings.env'), `${settings.join('\n')}\n`);
    await mkdir(p('secrets'), { mode: 0o700 });
    if (options.profile === 'production') {
      postgres = await startPostgres({ database: 'orthanc', user: 'orthanc', password: randomBytes(12).toString('hex') });
    }
    const database = postgres ? [postgres.host, String(postgres.port), postgres.database, postgres.user, postgres.password] : [];
    const setup = await runBash(
      bundleDir,
      [
        'render_bundle "$1" "$0" "$2/config"',
        'write_credentials_file "$3" "$4" "$2/secrets/orthanc-credentials.json"',
        'write_database_file "$2/secrets/orthanc-database.json" "${@:5}"',
        'bash "$0/make-certificate.sh" "$2/tls" 127.0.0.1 IP:127.0.0.1 DNS:localhost',
      ].join(' && '),
      [p('settings.env'), dir, username, password, ...database],
    );
    if (setup.code !== 0) throw new Error(`installer functions failed (${setup.code}): ${setup.stderr}`);
    const fingerprint = setup.stdout.trim();

    // Orthanc reads every JSON file of a directory, as the orthancteam image merges /etc/orthanc and /run/secrets.
    const plugins = [DEBIAN_PLUGINS.dicomWeb, ...(options.profile === 'production' ? [DEBIAN_PLUGINS.postgresIndex] : [])];
    await writeFile(p('orthanc-config', 'debian-plugins.json'), JSON.stringify({ Plugins: plugins }));
    await symlink(p('config', 'orthanc.json'), p('orthanc-config', 'orthanc.json'));
    for (const secret of ['orthanc-credentials.json', 'orthanc-database.json']) await symlink(p('secrets', secret), p('orthanc-config', secret));

    const orthancUrl = `http://127.0.0.1:${orthancHttp}`;
    const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const rest = async <T>(path: string, method = 'GET'): Promise<T> => {
      const response = await fetch(`${orthancUrl}${path}`, { method, headers: { Authorization: authorization } });
      const text = await response.text();
      if (!response.ok) throw new Error(`Orthanc ${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    let orthanc: Spawned | undefined;
    const startOrthanc = async () => {
      orthanc = start(orthancBin, [p('orthanc-config')]);
      processes.push(orthanc);
      const current = orthanc;
      await until('Orthanc', 30_000, async () => (await rest('/system')) !== undefined, () => current.child.exitCode === null, current.output);
    };
    const stopOrthanc = async () => {
      if (!orthanc) return;
      processes.splice(processes.indexOf(orthanc), 1);
      await stopProcessGroup(orthanc.child);
      orthanc = undefined;
    };
    await startOrthanc();
    const accessLog = await open(p('run', 'access.log'), 'a');
    const nginx = start(nginxBin, ['-c', p('config', 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], accessLog.fd);
    await accessLog.close();
    processes.push(nginx);
    const ca = await readFile(p('tls', 'ca.crt'));
    await until('nginx', 20_000, async () => (await tlsAnswers(httpsPort, ca)) && tlsAnswers(dicomTlsPort, ca), () => nginx.child.exitCode === null, nginx.output);

    const httpsOrigin = `https://127.0.0.1:${httpsPort}`;
    return {
      profile: options.profile,
      dir,
      httpsOrigin,
      dicomWebUrl: `${httpsOrigin}/dicom-web/studies`,
      httpsPort,
      dicomTlsPort,
      caFile: p('tls', 'ca.crt'),
      serverCertFile: p('tls', 'server.crt'),
      fingerprint,
      username,
      password,
      orthancUrl,
      storageDir: p('storage'),
      indexDir: p('index'),
      bundleDir,
      postgres,
      bash: (script, args = []) => runBash(bundleDir, script, args),
      rest,
      async storedSopInstanceUids() {
        const expanded = await rest<{ MainDicomTags: { SOPInstanceUID: string } }[]>('/instances?expand');
        return new Set(expanded.map((i) => i.MainDicomTags.SOPInstanceUID));
      },
      async clear() {
        for (const id of await rest<string[]>('/patients')) await rest(`/patients/${id}`, 'DELETE');
      },
      stopOrthanc,
      startOrthanc,
      async stop() {
        await stopAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
