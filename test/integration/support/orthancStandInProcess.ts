import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { OrthancStandInInfo } from '../../support/orthancStandInMain';

export interface OrthancStandInProcess extends OrthancStandInInfo {
  /** GET on Orthanc's own REST API (loopback, admin credentials): what arrived, read on Orthanc's side. */
  rest<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts test/support/orthancStandInMain.ts with tsx from the repository (the extension under
 * test) and waits for its JSON line: nginx and Orthanc of the template's files on loopback.
 */
export function startOrthancStandInProcess(repoRoot: string, profile: 'evaluation' | 'production' = 'evaluation'): Promise<OrthancStandInProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'orthancStandInMain.ts'), profile], {
    cwd: repoRoot,
    // The extension host may be Electron: run its binary as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the Orthanc stand-in did not start within 90 s: ${stderr}`));
    }, 90_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Orthanc stand-in exited (${code}) before it was ready: ${stderr}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line || !stdout.includes('\n')) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as OrthancStandInInfo;
      const authorization = `Basic ${Buffer.from(`${info.username}:${info.password}`).toString('base64')}`;
      resolve({
        ...info,
        async rest<T>(path: string) {
          const response = await fetch(`${info.orthancUrl}${path}`, { headers: { Authorization: authorization } });
          if (!response.ok) throw new Error(`Orthanc GET ${path}: HTTP ${response.status}`);
          return (await response.json()) as T;
        },
        async stop() {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
