import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cloudFormationHandlers } from './cloudFormation';
import { ec2Handlers } from './ec2';
import { FakeAwsError } from './errors';
import type { FakeAccount } from './model';
import { parseQueryParams, str } from './queryParams';
import { addSshHost } from './sshHost';
import { ssmHandlers } from './ssm';
import { FakeAwsState, type Clock } from './state';
import { stsHandlers } from './sts';
import { ec2Error, ec2Response, queryError, queryResponse } from './xml';

export interface FakeAwsRequest {
  readonly service: 'cloudformation' | 'ec2' | 'ssm' | 'sts' | 'unknown';
  readonly action: string;
  readonly region: string;
}

export interface FakeAws {
  /** Base URL for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly state: FakeAwsState;
  /** Every call received, in order (for assertions). */
  readonly requests: FakeAwsRequest[];
  close(): Promise<void>;
}

const QUERY_VERSIONS: Record<string, 'cloudformation' | 'sts' | 'ec2'> = {
  '2010-05-15': 'cloudformation',
  '2011-06-15': 'sts',
  '2016-11-15': 'ec2',
};
const XMLNS = {
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

/** The region is the one the SDK signed for: `Credential=AKID/date/<region>/<service>/aws4_request`. */
function signedRegion(req: IncomingMessage): string {
  const match = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '');
  return match?.[1] ?? 'us-east-1';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string, requestId: string): void {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/**
 * Test control, outside any AWS API: `POST /__fakeaws/replay?region=R&stack=S&durationMs=N`, and
 * `POST /__fakeaws/ssh-host` with a JSON SshHostRequest (see sshHost.ts).
 */
async function control(state: FakeAwsState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  if (req.method === 'POST' && url.pathname === '/__fakeaws/ssh-host') {
    try {
      const stack = addSshHost(state, JSON.parse((await readBody(req)) || '{}'));
      return sendJson(res, 200, { stackId: stack.stackId, instanceId: stack.instances[0]?.instanceId, status: state.status(stack) });
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  const stack = state.findStack(url.searchParams.get('region') ?? 'us-east-1', url.searchParams.get('stack') ?? '');
  if (req.method !== 'POST' || url.pathname !== '/__fakeaws/replay' || !stack) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown control request or stack');
    return;
  }
  state.replayCreation(stack, Number(url.searchParams.get('durationMs') ?? 15000));
  sendJson(res, 200, { stackId: stack.stackId, status: state.status(stack) });
}

async function handle(state: FakeAwsState, requests: FakeAwsRequest[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url?.startsWith('/__fakeaws/')) return control(state, req, res);
  const body = await readBody(req);
  const region = signedRegion(req);
  const requestId = randomUUID();
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string' && target.startsWith('AmazonSSM.')) {
    const action = target.slice('AmazonSSM.'.length);
    requests.push({ service: 'ssm', action, region });
    const jsonError = (code: string, message: string, status: number) =>
      send(res, status, 'application/x-amz-json-1.1', JSON.stringify({ __type: code, message }), requestId);
    const regionError = state.regionError(region);
    if (regionError) return jsonError(regionError.code, regionError.message, regionError.httpStatus);
    const handler = ssmHandlers[action];
    if (!handler) return jsonError('InvalidAction', `The fake does not implement SSM ${action}`, 400);
    try {
      return send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(handler(state, region, JSON.parse(body || '{}'))), requestId);
    } catch (error) {
      if (error instanceof FakeAwsError) return jsonError(error.code, error.message, error.httpStatus);
      throw error;
    }
  }

  const params = parseQueryParams(body);
  const action = str(params.Action) ?? '';
  const service = QUERY_VERSIONS[str(params.Version) ?? ''];
  requests.push({ service: service ?? 'unknown', action, region });
  const fail = (code: string, message: string, status: number) =>
    service === 'ec2' ? send(res, status, 'text/xml;charset=UTF-8', ec2Error(code, message, requestId), requestId) : send(res, status, 'text/xml', queryError(code, message, requestId), requestId);
  if (!service) return fail('InvalidAction', `Unknown service/version for action '${action}'`, 400);
  const regionError = state.regionError(region);
  if (regionError) return fail(regionError.code, regionError.message, regionError.httpStatus);
  try {
    if (service === 'ec2') {
      const handler = ec2Handlers[action];
      if (!handler) return fail('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
      return send(res, 200, 'text/xml;charset=UTF-8', ec2Response(action, handler(state, region, params), requestId), requestId);
    }
    const handler = service === 'sts' ? stsHandlers[action] : cloudFormationHandlers[action];
    if (!handler) return fail('InvalidAction', `Could not find operation ${action} for version ${str(params.Version)}`, 400);
    return send(res, 200, 'text/xml', queryResponse(action, XMLNS[service], handler(state, region, params), requestId), requestId);
  } catch (error) {
    if (error instanceof FakeAwsError) return fail(error.code, error.message, error.httpStatus);
    throw error;
  }
}

/** Starts the fake AWS endpoint on a free 127.0.0.1 port. */
export async function startFakeAws(account: FakeAccount, options: { clock?: Clock; port?: number } = {}): Promise<FakeAws> {
  const state = new FakeAwsState(account, options.clock);
  const requests: FakeAwsRequest[] = [];
  const server: Server = createServer((req, res) => {
    handle(state, requests, req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, 'text/xml', queryError('InternalFailure', error.message, 'fake', 'Receiver'), 'fake');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
