import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MDE_REMOTE } from '../../../src/core/kinds/mde/mdeRemote';

/** One HTTP request a stand-in received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
}

export interface StandIn {
  readonly port: number;
  readonly received: ReceivedRequest[];
  stop(): Promise<void>;
}

type Answer = (req: ReceivedRequest) => { status: number; body?: string };

async function startRecorder(port: number, answer: Answer): Promise<StandIn> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const got = { method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('latin1') };
      received.push(got);
      const { status, body } = answer(got);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`127.0.0.1:${port} is taken; the MDE stand-in needs it (free it and rerun)`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The workflow manager's port as the extension hard-codes it (MDE_REMOTE.workflowManagerUrl). */
export function workflowManagerPort(): number {
  return Number(new URL(MDE_REMOTE.workflowManagerUrl).port);
}

/**
 * Stands in for the MONAI Workflow Manager on the instance's loopback: /health, and POST /workflows
 * answering 201 with a workflow_id, or 409 for a name registered before (as the manager does).
 */
export function startWorkflowManager(): Promise<StandIn> {
  const names = new Set<string>(['already-there']);
  return startRecorder(workflowManagerPort(), (req) => {
    if (req.method === 'GET' && req.url === '/health') return { status: 200, body: 'Healthy' };
    if (req.method !== 'POST' || req.url !== '/workflows') return { status: 404 };
    const name = (JSON.parse(req.body) as { name: string }).name;
    if (names.has(name)) return { status: 409, body: JSON.stringify({ message: `A workflow named ${name} already exists` }) };
    names.add(name);
    return { status: 201, body: JSON.stringify({ workflow_id: `wf-${name}` }) };
  });
}

/** A DICOMweb server that fails QIDO (HTTP 503) and records whatever is posted to it. */
export function startFailingDicomWeb(): Promise<StandIn> {
  return startRecorder(0, () => ({ status: 503, body: '{"message":"stand-in: unavailable"}' }));
}

/**
 * What the template's installer leaves on the instance: MDE_REMOTE.envFile naming MDE_DIR, with
 * the bundle's sample-workflows. The env file's path is fixed in src, so this writes it (as root)
 * and refuses to overwrite one it did not write.
 */
export function installMdeBundle(workflows: Readonly<Record<string, string>>): { dir: string; remove(): void } {
  const envFile = MDE_REMOTE.envFile;
  if (existsSync(envFile) && !writtenByTest(envFile)) {
    throw new Error(`${envFile} exists and was not written by this test: this machine has MDE installed; run the suite elsewhere`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'imaging-lab-mde-bundle-'));
  mkdirSync(join(dir, 'sample-workflows'));
  for (const [file, text] of Object.entries(workflows)) writeFileSync(join(dir, 'sample-workflows', file), text);
  writeFileSync(envFile, `${MARK}\nMDE_DIR=${dir}\nMDE_VERSION=0.6.0\n`);
  return {
    dir,
    remove: () => {
      removeStaleEnvFile();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MARK = '# written by test/integration/mdeActions.test.ts';

function writtenByTest(file: string): boolean {
  return readFileSync(file, 'utf8').startsWith(MARK);
}

/** Removes MDE_REMOTE.envFile if an earlier (interrupted) run of this suite left it. */
export function removeStaleEnvFile(): void {
  if (existsSync(MDE_REMOTE.envFile) && writtenByTest(MDE_REMOTE.envFile)) rmSync(MDE_REMOTE.envFile);
}
