import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from './sshConnect';

export interface ShellOptions {
  readonly cols: number;
  readonly rows: number;
  readonly term?: string;
}

/** How a shell ended: exit status when the remote sent one, otherwise the reason. */
export interface ShellExit {
  readonly code: number | undefined;
  readonly signal: string | undefined;
  readonly reason: string;
}

export interface ShellSession {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /** Output decoded as UTF-8, never splitting a character across chunks. */
  onData(listener: (text: string) => void): void;
  readonly exited: Promise<ShellExit>;
  close(): void;
}

/** Opens an interactive shell with a pty (xterm-256color, UTF-8) on an open connection. */
export async function openShell(connection: SshConnection, options: ShellOptions, signal?: AbortSignal): Promise<ShellSession> {
  signal?.throwIfAborted();
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    connection.client.shell(
      // IUTF8 tells the remote line discipline that input is UTF-8 (correct erase of multibyte chars).
      { term: options.term ?? 'xterm-256color', cols: options.cols, rows: options.rows, modes: { IUTF8: 1 } as never },
      (error, channel) => (error ? reject(error) : resolve(channel)),
    ),
  );
  const listeners: ((text: string) => void)[] = [];
  const decoders = [new StringDecoder('utf8'), new StringDecoder('utf8')];
  const emit = (text: string) => text && listeners.forEach((l) => l(text));
  stream.on('data', (chunk: Buffer) => emit(decoders[0]!.write(chunk)));
  stream.stderr.on('data', (chunk: Buffer) => emit(decoders[1]!.write(chunk)));
  let code: number | undefined;
  let exitSignal: string | undefined;
  stream.on('exit', (c: number | null, s?: string) => {
    code = c ?? undefined;
    exitSignal = s ?? undefined;
  });
  const exited = new Promise<ShellExit>((resolve) => {
    stream.on('close', async () => {
      emit(decoders[0]!.end() + decoders[1]!.end());
      const reason =
        code !== undefined
          ? `Shell exited with status ${code}.`
          : exitSignal
            ? `Shell was killed by signal ${exitSignal}.`
            : await Promise.race([connection.closed, new Promise<string>((r) => setTimeout(() => r('The remote side closed the shell.'), 200))]);
      resolve({ code, signal: exitSignal, reason });
    });
  });
  const onAbort = () => stream.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  void exited.then(() => signal?.removeEventListener('abort', onAbort));
  return {
    write: (data) => stream.write(data),
    resize: (cols, rows) => stream.setWindow(rows, cols, 0, 0),
    onData: (listener) => listeners.push(listener),
    exited,
    close: () => stream.close(),
  };
}
