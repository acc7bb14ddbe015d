import type { ClientChannel } from 'ssh2';
import type { SshConnection } from './sshConnect';

export interface ExecResult {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command at a time on a remote host (used by post-deploy actions too). */
export interface RemoteExec {
  exec(command: string, signal?: AbortSignal): Promise<ExecResult>;
}

/** Output beyond this is dropped (the tail is kept) so a chatty command cannot exhaust memory. */
const MAX_OUTPUT = 8 * 1024 * 1024;

export function remoteExec(connection: SshConnection): RemoteExec {
  return {
    exec: async (command, signal) => {
      signal?.throwIfAborted();
      const stream = await new Promise<ClientChannel>((resolve, reject) =>
        connection.client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel))),
      );
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const keep = (list: Buffer[]) => (chunk: Buffer) => {
        list.push(chunk);
        let size = list.reduce((n, b) => n + b.length, 0);
        while (size > MAX_OUTPUT && list.length > 1) size -= list.shift()!.length;
      };
      stream.on('data', keep(out));
      stream.stderr.on('data', keep(err));
      let code: number | undefined;
      stream.on('exit', (c: number | null) => (code = c ?? undefined));
      const onAbort = () => stream.close();
      signal?.addEventListener('abort', onAbort, { once: true });
      await new Promise<void>((resolve) => stream.on('close', () => resolve()));
      signal?.removeEventListener('abort', onAbort);
      signal?.throwIfAborted();
      return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
    },
  };
}
