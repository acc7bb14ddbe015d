import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An S3 endpoint that answers PutObject and the multipart calls without keeping anything, so the
 * benchmark can tell the service's own cost from s3rver's (which writes every byte twice and
 * hashes it). Loopback only; never used by tests as proof of storage.
 */
export async function startDiscardingS3(): Promise<{ env: Record<string, string>; stop: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      if (req.method === 'POST' && url.includes('uploads')) {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end(`<InitiateMultipartUploadResult><UploadId>${randomBytes(16).toString('hex')}</UploadId></InitiateMultipartUploadResult>`);
      } else if (req.method === 'POST') {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end('<CompleteMultipartUploadResult><ETag>"0"</ETag></CompleteMultipartUploadResult>');
      } else if (req.method === 'DELETE') {
        res.writeHead(204).end();
      } else {
        res.writeHead(200, { ETag: `"${randomBytes(16).toString('hex')}"` }).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: {
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
      S3FORCEPATHSTYLE: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'discard',
      AWS_SECRET_ACCESS_KEY: 'discard',
      BUCKETNAME: 'discarding-s3',
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
