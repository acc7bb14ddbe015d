import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './requireTool';

const DICOMWEB_PLUGIN_CANDIDATES = ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', '/usr/lib/orthanc/libOrthancDicomWeb.so.1.7'];

export interface OrthancPeer {
  /** REST root, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** DICOMweb root of the plugin, e.g. http://127.0.0.1:PORT/dicom-web */
  readonly dicomWeb: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** Process id (benchmarks read its CPU time from /proc). */
  readonly pid: number | undefined;
  /** GET/POST/DELETE on the Orthanc REST API, returning parsed JSON. */
  rest<T = unknown>(path: string, init?: { method?: string; body?: string | Buffer; contentType?: string }): Promise<T>;
  /** SOP Instance UIDs of every stored instance. */
  storedSopInstanceUids(): Promise<Set<string>>;
  /** Removes every stored resource (between tests). */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface OrthancOptions {
  /** Enables HTTP basic authentication with this single user. */
  readonly user?: { username: string; password: string };
  readonly httpThreads?: number;
  /** Where the throw-away storage and index go (benchmarks use /dev/shm to take the disk out). */
  readonly tempRoot?: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts Debian's Orthanc with the DICOMweb plugin on loopback, in a throw-away storage directory. */
export async function startOrthanc(options: OrthancOptions = {}): Promise<OrthancPeer> {
  const binary = requireTool('Orthanc', 'orthanc');
  const { existsSync } = await import('node:fs');
  const plugin = DICOMWEB_PLUGIN_CANDIDATES.find((p) => existsSync(p));
  if (!plugin) throw new Error("Orthanc's DICOMweb plugin was not found: install the Debian package 'orthanc-dicomweb'.");
  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'orthanc-'));
  const port = await freePort();
  const config = {
    Name: 'imaging-lab-test',
    HttpPort: port,
    DicomServerEnabled: false,
    DicomPort: await freePort(),
    RemoteAccessAllowed: false,
    AuthenticationEnabled: options.user !== undefined,
    RegisteredUsers: options.user ? { [options.user.username]: options.user.password } : {},
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    Plugins: [plugin],
    HttpThreadsCount: options.httpThreads ?? 50,
    KeepAlive: true,
    TcpNoDelay: true,
    StorageCompression: false,
    SaveJobs: false,
    OverwriteInstances: false,
    HttpCompressionEnabled: false,
    DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Host: '127.0.0.1', Ssl: false },
  };
  const configPath = join(dir, 'orthanc.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(binary, [configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const authHeader = options.user ? `Basic ${Buffer.from(`${options.user.username}:${options.user.password}`).toString('base64')}` : undefined;

  const rest = async <T>(path: string, init: { method?: string; body?: string | Buffer; contentType?: string } = {}): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: { ...(authHeader ? { Authorization: authHeader } : {}), ...(init.contentType ? { 'Content-Type': init.contentType } : {}) },
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Orthanc ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  // Bounded wait for the REST API (Orthanc creates its index on first start).
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Orthanc exited during start-up (code ${child.exitCode}): ${stderr}`);
    }
    try {
      await rest('/system');
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`Orthanc did not answer /system within 30 s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    url,
    dicomWeb: `${url}/dicom-web`,
    username: options.user?.username,
    password: options.user?.password,
    pid: child.pid,
    rest,
    async storedSopInstanceUids() {
      const ids = await rest<string[]>('/instances');
      const uids = new Set<string>();
      // /instances?expand is available, but paging ids keeps responses small for large sets.
      const expanded = await rest<{ MainDicomTags: { SOPInstanceUID: string } }[]>('/instances?expand');
      for (const i of expanded) uids.add(i.MainDicomTags.SOPInstanceUID);
      if (uids.size !== ids.length) throw new Error('Orthanc /instances and /instances?expand disagree');
      return uids;
    },
    async clear() {
      for (const id of await rest<string[]>('/patients')) await rest(`/patients/${id}`, { method: 'DELETE' });
    },
    stop,
  };
}
