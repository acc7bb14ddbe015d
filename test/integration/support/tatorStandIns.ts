import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';
import { generateCertificateAuthority, issueCertificate } from '../../../src/core/pki/certificates';

/** What a stand-in saw: method, path and the headers a test asserts on. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

export interface StandIn {
  readonly port: number;
  readonly seen: SeenRequest[];
  stop(): Promise<void>;
}

async function listen(server: Server, seen: SeenRequest[]): Promise<StandIn> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return { port, seen, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

function record(seen: SeenRequest[], req: IncomingMessage): void {
  seen.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
}

/** Tator's front page as its nginx answers it: a redirect to the login. */
export function startTatorPage(): Promise<StandIn> {
  const seen: SeenRequest[] = [];
  const server = createHttpServer((req, res) => {
    record(seen, req);
    if (req.url === '/') res.writeHead(302, { location: '/accounts/login/' }).end();
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Tator</title><h1>Tator</h1>');
  });
  return listen(server, seen);
}

export interface KubeApiStandIn extends StandIn {
  /** https://127.0.0.1:<port>, as DescribeCluster reports the endpoint. */
  readonly endpoint: string;
  /** Base64 of the CA PEM, as DescribeCluster's certificateAuthority.data. */
  readonly certificateAuthorityData: string;
  /** The bearer token it accepts (what the fake `aws eks get-token` prints). */
  readonly token: string;
}

/**
 * A Kubernetes API server stand-in on loopback: TLS with a certificate from its own CA (made with
 * src/core/pki), answering GET /version only to the bearer token `aws eks get-token` would give.
 */
export async function startKubeApi(): Promise<KubeApiStandIn> {
  const ca = await generateCertificateAuthority({ commonName: 'Kubernetes stand-in CA' });
  const leaf = await issueCertificate(ca, { commonName: 'kube-apiserver', usage: 'server', ipAddresses: ['127.0.0.1'] });
  const token = `k8s-aws-v1.${Buffer.from(`stand-in-${Date.now()}`).toString('base64url')}`;
  const seen: SeenRequest[] = [];
  const server = createHttpsServer({ cert: leaf.certificatePem, key: leaf.privateKeyPem }, (req, res) => {
    record(seen, req);
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Unauthorized","code":401}');
      return;
    }
    if (req.url !== '/version') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ major: '1', minor: '36', gitVersion: 'v1.36.0-eks-standin', platform: 'linux/amd64' }));
  });
  const base = await listen(server, seen);
  return { ...base, endpoint: `https://127.0.0.1:${base.port}`, certificateAuthorityData: Buffer.from(ca.certificatePem).toString('base64'), token };
}

/** A directory with an `aws` that answers `eks get-token` with an ExecCredential (and logs its arguments). */
export function fakeAwsCli(token: string): { readonly binDir: string; calls(): string[] } {
  const binDir = mkdtempSync(join(tmpdir(), 'il-tator-aws-'));
  const log = join(binDir, 'calls.log');
  writeFileSync(
    join(binDir, 'aws'),
    [
      '#!/bin/sh',
      `printf '%s\\n' "$* AWS_PROFILE=\${AWS_PROFILE:-}" >> '${log}'`,
      'case "$*" in *"eks get-token"*) ;; *) echo "unexpected: $*" >&2; exit 2 ;; esac',
      `printf '%s' '{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{},"status":{"expirationTimestamp":"2099-01-01T00:00:00Z","token":"${token}"}}'`,
      '',
    ].join('\n'),
  );
  chmodSync(join(binDir, 'aws'), 0o755);
  return { binDir, calls: () => (readFileSync(log, 'utf8').split('\n').filter((l) => l !== '')) };
}

/** A kubeconfig section entry: `{name, cluster|context|user}`. */
type Entry = { readonly name: string } & Record<string, unknown>;
type Kubeconfig = Partial<Record<'clusters' | 'contexts' | 'users', Entry[]>>;

/** The context of a cluster, by the cluster name at the end of its ARN (as Write Kubeconfig names it). */
export function contextOfCluster(path: string, clusterName: string): string | undefined {
  const config = parse(readFileSync(path, 'utf8')) as Kubeconfig;
  return config.contexts?.find((c) => c.name.endsWith(`:cluster/${clusterName}`))?.name;
}

/**
 * Uses a kubeconfig context the way kubectl does: the context's cluster (server, CA data) and
 * user (exec plugin: command, args, env, run with PATH from `binDir` first), the token from the
 * plugin's ExecCredential, then GET /version over TLS verified against the CA. Returns the answer.
 */
export async function useKubeconfigContext(path: string, contextName: string, binDir: string): Promise<{ status: number; body: string }> {
  const config = parse(readFileSync(path, 'utf8')) as Kubeconfig;
  const find = (section: keyof Kubeconfig, name: string) => (config[section] ?? []).find((e) => e.name === name);
  const context = find('contexts', contextName)?.context as { cluster: string; user: string } | undefined;
  if (!context) throw new Error(`no context ${contextName} in ${path}`);
  const cluster = find('clusters', context.cluster)?.cluster as { server: string; 'certificate-authority-data': string } | undefined;
  const exec = (find('users', context.user)?.user as { exec?: { command: string; args: string[]; env?: { name: string; value: string }[] } } | undefined)?.exec;
  if (!cluster || !exec) throw new Error(`context ${contextName} lacks its cluster or exec user`);
  const env = { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])) };
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(exec.command, exec.args, { env, timeout: 10_000 }, (error, out) => (error ? reject(error) : resolve(out))),
  );
  const token = (JSON.parse(stdout) as { status: { token: string } }).status.token;
  const url = new URL('/version', cluster.server);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'), headers: { authorization: `Bearer ${token}` }, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
