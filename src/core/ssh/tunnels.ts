import { createServer, type Server, type Socket } from 'node:net';
import type { ClientChannel } from 'ssh2';
import type { SshConnection } from './sshConnect';

export interface TunnelSpec {
  readonly remoteHost: string;
  readonly remotePort: number;
  /** 0 picks a free port. */
  readonly localPort: number;
  readonly label?: string;
}

export interface Tunnel extends TunnelSpec {
  readonly id: number;
  /** The bound local port (differs from localPort when that was 0). */
  readonly boundPort: number;
  readonly url: string;
  close(): Promise<void>;
}

let nextId = 1;

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
      reject(error.code === 'EADDRINUSE' ? new Error(`Local port ${spec.localPort} is already in use; choose another port.`) : error),
    );
    server.listen(spec.localPort, '127.0.0.1', () => resolve());
  });
  const boundPort = (server.address() as { port: number }).port;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  void connection.closed.then(close);
  return { ...spec, id: nextId++, boundPort, url: `http://127.0.0.1:${boundPort}/`, close };
}

/** The tunnels open in this process, so the UI can list and close them. */
export class TunnelRegistry {
  private readonly tunnels = new Map<number, Tunnel>();

  add(tunnel: Tunnel): Tunnel {
    this.tunnels.set(tunnel.id, tunnel);
    return tunnel;
  }

  list(): Tunnel[] {
    return [...this.tunnels.values()];
  }

  async close(id: number): Promise<boolean> {
    const tunnel = this.tunnels.get(id);
    if (!tunnel) return false;
    this.tunnels.delete(id);
    await tunnel.close();
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.tunnels.keys()].map((id) => this.close(id)));
  }
}
