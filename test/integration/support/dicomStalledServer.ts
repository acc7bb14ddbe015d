import { createServer } from 'node:http';
import type { Socket } from 'node:net';

/** One STOW-RS request the stalled server received and never answered. */
export interface HeldUpload {
  bytes: number;
  /** The client closed the connection (it gave up or was cancelled). */
  closedByClient: boolean;
}

export interface StalledDicomWeb {
  /** DICOMweb base URL, e.g. http://127.0.0.1:PORT/dicom-web */
  readonly dicomWeb: string;
  readonly uploads: HeldUpload[];
  stop(): Promise<void>;
}

/**
 * A loopback DICOMweb server that answers QIDO-RS (so the connection test passes) but reads every
 * STOW-RS upload and never answers it: a send to it stays in flight until the client cancels.
 */
export async function startStalledDicomWeb(): Promise<StalledDicomWeb> {
  const uploads: HeldUpload[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'Content-Type': 'application/dicom+json' });
      res.end('[]');
      return;
    }
    const upload: HeldUpload = { bytes: 0, closedByClient: false };
    uploads.push(upload);
    req.on('data', (chunk: Buffer) => (upload.bytes += chunk.length));
    res.on('close', () => (upload.closedByClient = !res.writableEnded));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the stalled server has no port');
  return {
    dicomWeb: `http://127.0.0.1:${address.port}/dicom-web`,
    uploads,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
