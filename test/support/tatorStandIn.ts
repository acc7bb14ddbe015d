import { createServer, type Server } from 'node:http';

export interface TatorStandIn {
  /** http://127.0.0.1:PORT/ (the shape of a Tator stack's TatorUrl output) */
  readonly url: string;
  stop(): Promise<void>;
}

const PAGE = [
  '<!doctype html>',
  '<html lang="en"><head><meta charset="utf-8"><title>Tator (Imaging Lab demo stand-in)</title></head>',
  '<body><h1>Tator (demo stand-in)</h1>',
  '<p>This page stands in for the Tator site of a demo stack. It is served on 127.0.0.1 by the Imaging Lab demo; a real Tator stack serves its login here.</p>',
  '</body></html>',
  '',
].join('\n');

/**
 * The site "Open Tator" opens in the demo: a page on loopback where a Tator stack's load balancer
 * would answer. Tator's front page redirects to its login; this one answers the login page's path too.
 */
export async function startTatorStandIn(): Promise<TatorStandIn> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (request.url === '/') {
      response.writeHead(302, { Location: '/accounts/login/' }).end();
      return;
    }
    if (request.url?.startsWith('/accounts/login/')) {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'" }).end(request.method === 'HEAD' ? undefined : PAGE);
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
