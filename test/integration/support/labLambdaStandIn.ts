import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/** One delivery of an S3 event and what the function answered. */
export interface LambdaInvocation {
  readonly keys: readonly string[];
  readonly status: number | null;
  /** The handler's return value ({statusCode, body}) or the runner's error. */
  readonly reply: { ok: boolean; result?: { statusCode: number; body: string }; error?: string; message?: string };
  readonly stderr: string;
}

export interface LambdaStandIn {
  /** Where the fake's bucket notification POSTs S3 events. */
  readonly url: string;
  readonly invocations: LambdaInvocation[];
  stop(): Promise<void>;
}

/**
 * Stands in for the Lambda trigger of the research lab: each S3 event the fake AWS endpoint
 * delivers runs the repository's function (templates/lab/lambda/process_image.py) under Debian's
 * python3 + boto3, with its S3 client aimed at the fake endpoint, the way test/peers/lab runs it
 * against s3rver. Only 127.0.0.1.
 */
export async function startLabLambda(root: string, s3Endpoint: string, env: Readonly<Record<string, string>>): Promise<LambdaStandIn> {
  const invocations: LambdaInvocation[] = [];
  const run = (event: { Records?: { s3: { object: { key: string } } }[] }) =>
    new Promise<void>((resolve) => {
      const child = spawn('/usr/bin/python3', [join(root, 'test/peers/lab/run_lab_python.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (status) => {
        clearTimeout(timer);
        let reply: LambdaInvocation['reply'] = { ok: false, message: `no reply: ${stdout}` };
        try {
          reply = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as LambdaInvocation['reply'];
        } catch {
          // keep 'no reply'; the test shows stdout and stderr
        }
        invocations.push({ keys: (event.Records ?? []).map((r) => r.s3.object.key), status, reply, stderr });
        resolve();
      });
      child.stdin.end(JSON.stringify({ mode: 'handler', file: join(root, 'templates/lab/lambda/process_image.py'), endpoint: s3Endpoint, env, event }));
    });
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      res.writeHead(202).end();
      void run(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Parameters<typeof run>[0]);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/s3-event`,
    invocations,
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
