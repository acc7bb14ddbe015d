import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Local stand-ins for the research lab's two web services, the targets of "Open Jupyter" and
 * "Open FileGator" once their SSH tunnels are up. They answer only what the extension and a
 * browser need to prove the journey (the token or the password reached the service); they are
 * not copies of Jupyter's or FileGator's protocols.
 *
 *   const jupyter = await startJupyterStandIn('tok3n');     // http://127.0.0.1:<port>
 *   // ... point the fake stack's instance at the local sshd, tunnel a local port to jupyter.port ...
 *   assert.deepEqual(jupyter.requests.at(-1), { method: 'GET', path: '/lab', authorized: true });
 *   await jupyter.close();
 */
export interface StandIn {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Every request, oldest first: method, path without query, and whether it carried the right secret. */
  readonly requests: { method: string; path: string; authorized: boolean }[];
  close(): Promise<void>;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => boolean, requests: StandIn['requests']): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      body += d;
      if (body.length > 65_536) req.destroy();
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
      requests.push({ method: req.method ?? 'GET', path, authorized: handler(req, res, body) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Jupyter on 127.0.0.1 with `token`: `/api` answers without it (the installer's readiness probe);
 * `/lab?token=…` or `Authorization: token …` (or the cookie it sets) opens the "lab"; anything
 * else is redirected to `/login`, as Jupyter does.
 */
export function startJupyterStandIn(token: string): Promise<StandIn> {
  return listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === '/api') {
      send(res, 200, 'application/json', JSON.stringify({ version: 'stand-in' }));
      return false;
    }
    if (url.pathname === '/login') {
      send(res, 200, 'text/html', '<!doctype html><title>Jupyter login (stand-in)</title><p>Token required</p>');
      return false;
    }
    const header = /^token (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const given = url.searchParams.get('token') ?? header ?? cookie(req, 'stand-in-jupyter');
    if (!sameSecret(given ?? undefined, token)) {
      send(res, 302, 'text/plain', 'login required', { location: `/login?next=${encodeURIComponent(url.pathname)}` });
      return false;
    }
    send(res, 200, 'text/html', '<!doctype html><title>JupyterLab (stand-in)</title><h1>JupyterLab stand-in</h1>', {
      'set-cookie': `stand-in-jupyter=${encodeURIComponent(token)}; HttpOnly; SameSite=Lax; Path=/`,
    });
    return true;
  }, []);
}

/**
 * FileGator on 127.0.0.1 whose `admin` has `adminPassword`: `/` serves the page; `POST /?r=/login`
 * with JSON `{"username","password"}` answers 200 for the admin and 422 otherwise, and the image's
 * default password (admin123) is refused like any other wrong one.
 */
export function startFileGatorStandIn(adminPassword: string): Promise<StandIn> {
  return listen((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'POST' && url.searchParams.get('r') === '/login') {
      let credentials: { username?: unknown; password?: unknown } = {};
      try {
        credentials = JSON.parse(body) as typeof credentials;
      } catch {
        // an unreadable body is a failed login
      }
      const ok = credentials.username === 'admin' && typeof credentials.password === 'string' && sameSecret(credentials.password, adminPassword);
      send(res, ok ? 200 : 422, 'application/json', JSON.stringify(ok ? { data: { username: 'admin', role: 'admin' } } : { data: 'Login failed, please try again' }));
      return ok;
    }
    if (url.pathname === '/') {
      send(res, 200, 'text/html', '<!doctype html><title>FileGator (stand-in)</title><h1>FileGator stand-in</h1>');
      return false;
    }
    send(res, 404, 'text/plain', 'not found');
    return false;
  }, []);
}
