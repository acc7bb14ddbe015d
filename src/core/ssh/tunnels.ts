import { createServer, type Server, type Socket } from 'node:net';
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from './sshConnect';

export interface TunnelSpec {
  readonly remoteHost: string;
  readonly remotePort: number;
  /** 0 picks a free port. */
  readonly localPort: number;
  readonly label?: string;
  /** The stack instance the tunnel leads to and the address it was opened at (for Stop and Start). */
  readonly origin?: TunnelOrigin;
}

export interface TunnelOrigin {
  readonly stackId: string;
  readonly instanceId: string;
  /** The host the SSH connection went to. */
  readonly host: string;
}

export interface Tunnel extends TunnelSpec {
  readonly id: number;
  /** The bound local port (differs from localPort when that was 0). */
  readonly boundPort: number;
  readonly url: string;
  close(): Promise<void>;
  /** False once the tunnel was closed or its SSH connection ended. */
  isOpen(): boolean;
}

let nextId = 1;

/** The error of a local port another program listens on (`code` EADDRINUSE, as Node's). */
export function portInUse(port: number): Error & { code: 'EADDRINUSE'; port: number } {
  return Object.assign(new Error(`Local port ${port} is already in use; choose another port.`), { code: 'EADDRINUSE' as const, port });
}

export function isPortInUse(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';
}

/** Listens on 127.0.0.1 only and carries each local connection over `forwardOut`. */
export async function forwardLocal(connection: SshConnection, spec: TunnelSpec): Promise<Tunnel> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connection.client.forwardOut(
      socket.remoteAddress ?? '127.0.0.1',
      socket.remotePort ?? 0,
      spec.remoteHost,
      spec.remotePort,
      (error, channel: ClientChannel) => {
        if (error) {
          socket.destroy();
          return;
        }
        socket.pipe(channel).pipe(socket);
        channel.on('close', () => socket.destroy());
        socket.on('error', () => channel.close());
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse(spec.localPort) : error),
    );
    server.listen(spec.localPort, '127.0.0.1', () => resolve());
  });
  const boundPort = (server.address() as { port: number }).port;
  let open = true;
  const close = () =>
    new Promise<void>((resolve) => {
      open = false;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  void connection.closed.then(close);
  return { ...spec, id: nextId++, boundPort, url: `http://127.0.0.1:${boundPort}/`, close, isOpen: () => open };
}

/** Opens the tunnel again on the given local port (after its instance started at a new address). */
export type TunnelReopen = (localPort: number) => Promise<Tunnel>;

interface Entry {
  tunnel: Tunnel;
  readonly reopen?: TunnelReopen;
  /** Closed on purpose while its instance is stopped, to be opened again when it starts. */
  suspended: boolean;
}

/** The tunnels open in this process, so the UI can list and close them and Stop/Start can follow them. */
export class TunnelRegistry {
  private readonly entries = new Map<number, Entry>();

  add(tunnel: Tunnel, reopen?: TunnelReopen): Tunnel {
    this.entries.set(tunnel.id, { tunnel, ...(reopen ? { reopen } : {}), suspended: false });
    return tunnel;
  }

  list(): Tunnel[] {
    return [...this.entries.values()].map((e) => e.tunnel);
  }

  /** Tunnels that lead to one of these instances (by their origin). */
  to(instanceIds: readonly string[]): Tunnel[] {
    return this.list().filter((t) => t.origin !== undefined && instanceIds.includes(t.origin.instanceId));
  }

  isSuspended(id: number): boolean {
    return this.entries.get(id)?.suspended ?? false;
  }

  /** Closes the tunnel but keeps it listed, to be reopened (false when it cannot be reopened: then it is removed). */
  async suspend(id: number): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (!entry.reopen) {
      await this.close(id);
      return false;
    }
    entry.suspended = true;
    await entry.tunnel.close();
    return true;
  }

  /**
   * Opens the tunnel again on the same local port it had; the old one is closed first (a stop
   * usually killed it already). Resolves with the new tunnel, which replaces the old one; when it
   * cannot be reopened the old one is removed and the error thrown.
   */
  async reopen(id: number): Promise<Tunnel> {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`Tunnel ${id} is not open in this window.`);
    this.entries.delete(id);
    await entry.tunnel.close();
    if (!entry.reopen) throw new Error(`Tunnel ${entry.tunnel.url} cannot be reopened by itself; open it again.`);
    const tunnel = await entry.reopen(entry.tunnel.boundPort);
    this.entries.set(tunnel.id, { tunnel, reopen: entry.reopen, suspended: false });
    return tunnel;
  }

  async close(id: number): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    await entry.tunnel.close();
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }
}
