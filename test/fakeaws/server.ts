import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scriptPower } from './ec2Power';
import { FakeAwsError } from './errors';
import { jsonHandler, queryHandler, type FakeService } from './fakeOperations';
import type { FakeAccount, FakeStackSpec } from './model';
import { parseQueryParams, str, type QueryObject } from './queryParams';
import { eksHandlers } from './eks';
import { planEksCluster } from './eksClusters';
import { rdsResponse } from './rds';
import { s3Action, s3ErrorBody, s3Handlers } from './s3';
// lab kind
import { addBucketNotification } from './s3Objects';
import { addExternalBucket, externalBucket, listExternal } from './s3External';
import { addSshHost } from './sshHost';
import { planStack } from './plannedStack';
import { FakeAwsState, type Clock } from './state';
import { ec2Error, ec2Response, queryError, queryResponse } from './xml';

export interface FakeAwsRequest {
  readonly service: FakeService | 'unknown';
  readonly action: string;
  readonly region: string;
  /** The request's top-level string parameters (query and JSON protocols). */
  readonly params?: Readonly<Record<string, string>>;
}

export interface FakeAws {
  /** Base URL for AWS_ENDPOINT_URL. */
  readonly url: string;
  readonly state: FakeAwsState;
  /** Every call received, in order (for assertions). */
  readonly requests: FakeAwsRequest[];
  close(): Promise<void>;
}

const XMLNS: Readonly<Record<string, string>> = {
  cloudformation: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};
const JSON_TARGETS: Readonly<Record<string, FakeService>> = { AmazonSSM: 'ssm', secretsmanager: 'secretsmanager', AWSEC2InstanceConnectService: 'ec2-instance-connect', CertificateManager: 'acm', AWSPriceListService: 'pricing', GraniteServiceVersion20100801: 'monitoring' };

/** Region and service the SDK signed for: `Credential=AKID/date/<region>/<service>/aws4_request`. */
function signedScope(req: IncomingMessage): { region: string; service: string } {
  const match = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '');
  return { region: match?.[1] ?? 'us-east-1', service: match?.[2] ?? '' };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string, requestId: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': contentType, 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/**
 * Test control, outside any AWS API: `POST /__fakeaws/replay?region=R&stack=S&durationMs=N`,
 * `POST /__fakeaws/stack?region=R` with a JSON FakeStackSpec (created now, or `createdAgoMs` ago),
 * `POST /__fakeaws/ssh-host` with a JSON SshHostRequest (see sshHost.ts), and
 * `POST /__fakeaws/planned-stack` with a JSON PlannedStack (see plannedStack.ts), and
 * `POST /__fakeaws/eks-cluster` with a JSON PlannedEksCluster (see eksClusters.ts).
 */
async function control(state: FakeAwsState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://fake');
  if (req.method === 'POST' && url.pathname === '/__fakeaws/power') {
    try {
      return sendJson(res, 200, scriptPower(state, JSON.parse((await readBody(req)).toString('utf8') || '{}')));
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  // The caller's "public" address (IMAGING_LAB_PUBLIC_IP_URL): loopback, so Allow My IP stays on this machine.
  if (req.method === 'GET' && url.pathname === '/__fakeaws/checkip') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('127.0.0.1\n');
    return;
  }
  if (req.method === 'POST' && url.pathname === '/__fakeaws/stack') {
    try {
      const stack = state.addStack(url.searchParams.get('region') ?? 'us-east-1', JSON.parse((await readBody(req)).toString('utf8') || '{}') as FakeStackSpec);
      return sendJson(res, 200, { stackId: stack.stackId, status: state.status(stack) });
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  if (req.method === 'POST' && url.pathname === '/__fakeaws/ssh-host') {
    try {
      const stack = addSshHost(state, JSON.parse((await readBody(req)).toString('utf8') || '{}'));
      return sendJson(res, 200, { stackId: stack.stackId, instanceId: stack.instances[0]?.instanceId, status: state.status(stack) });
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  if (req.method === 'POST' && url.pathname === '/__fakeaws/planned-stack') {
    try {
      const plan = planStack(state, JSON.parse((await readBody(req)).toString('utf8') || '{}'));
      return sendJson(res, 200, { planned: `${plan.region}/${plan.stackName}` });
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  // Tator (issue 15): the EKS cluster of a planned stack, served by a loopback stand-in API server.
  if (req.method === 'POST' && url.pathname === '/__fakeaws/eks-cluster') {
    try {
      const cluster = planEksCluster(state, JSON.parse((await readBody(req)).toString('utf8') || '{}'));
      return sendJson(res, 200, { planned: `${cluster.region}/${cluster.clusterName}` });
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  // lab kind: S3 event notifications to a loopback Lambda stand-in
  if (req.method === 'POST' && url.pathname === '/__fakeaws/bucket-notification') {
    try {
      return sendJson(res, 200, addBucketNotification(state, JSON.parse((await readBody(req)).toString('utf8') || '{}')));
    } catch (error) {
      return sendJson(res, 400, { error: (error as Error).message });
    }
  }
  // stowrs: a bucket whose objects a local S3-compatible server holds (see s3External.ts).
  if (req.method === 'POST' && url.pathname === '/__fakeaws/external-bucket') {
    try {
      const added = addExternalBucket(state, JSON.parse((await readBody(req)).toString('utf8') || '{}'));
      return sendJson(res, 200, { external: added.bucket });
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

/** The error a call gets before its handler runs: the region's scripted error, or a scripted fault. */
function scriptedError(state: FakeAwsState, region: string, action: string): FakeAwsError | undefined {
  const regionError = state.regionError(region);
  if (regionError) return new FakeAwsError(regionError.code, regionError.message, regionError.httpStatus);
  const fault = state.takeFault(action);
  return fault ? new FakeAwsError(fault.code, fault.message ?? `${fault.code} (scripted by the test)`, fault.httpStatus) : undefined;
}

function topLevelStrings(input: Record<string, unknown> | QueryObject): Record<string, string> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** awsJson1_1 (SSM, Secrets Manager, EC2 Instance Connect): `X-Amz-Target: Prefix.Action`, JSON in and out. */
function handleJson(state: FakeAwsState, requests: FakeAwsRequest[], region: string, target: string, body: Buffer, res: ServerResponse, requestId: string): void {
  const [prefix = '', action = ''] = target.split('.');
  const service = JSON_TARGETS[prefix];
  const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  requests.push({ service: service ?? 'unknown', action, region, params: topLevelStrings(input) });
  // CloudWatch speaks awsJson1_0, the others awsJson1_1.
  const contentType = service === 'monitoring' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
  const fail = (e: FakeAwsError) => send(res, e.httpStatus, contentType, JSON.stringify({ __type: e.code, message: e.message }), requestId);
  const handler = service ? jsonHandler(service, action) : undefined;
  if (!service || !handler) return fail(new FakeAwsError('UnknownOperationException', `The fake does not implement ${target}`, 400));
  const scripted = scriptedError(state, region, action);
  if (scripted) return fail(scripted);
  try {
    return send(res, 200, contentType, JSON.stringify(handler(state, region, input)), requestId);
  } catch (error) {
    if (error instanceof FakeAwsError) return fail(error);
    throw error;
  }
}

/** awsQuery (CloudFormation, STS) and ec2Query: `Action=...&Version=...` form bodies, XML out. */
function handleQuery(state: FakeAwsState, requests: FakeAwsRequest[], region: string, service: 'cloudformation' | 'sts' | 'ec2', body: Buffer, res: ServerResponse, requestId: string): void {
  const params = parseQueryParams(body.toString('utf8'));
  const action = str(params.Action) ?? '';
  requests.push({ service, action, region, params: topLevelStrings(params) });
  const fail = (e: FakeAwsError) =>
    service === 'ec2' ? send(res, e.httpStatus, 'text/xml;charset=UTF-8', ec2Error(e.code, e.message, requestId), requestId) : send(res, e.httpStatus, 'text/xml', queryError(e.code, e.message, requestId), requestId);
  const handler = queryHandler(service, action);
  if (!handler) return fail(new FakeAwsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400));
  const scripted = scriptedError(state, region, action);
  if (scripted) return fail(scripted);
  try {
    const result = handler(state, region, params);
    if (service === 'ec2') return send(res, 200, 'text/xml;charset=UTF-8', ec2Response(action, result, requestId), requestId);
    return send(res, 200, 'text/xml', queryResponse(action, XMLNS[service] ?? '', result, requestId), requestId);
  } catch (error) {
    if (error instanceof FakeAwsError) return fail(error);
    throw error;
  }
}

/** awsQuery as RDS writes it (list members named after their type): rds.ts writes the XML whole. */
function handleRds(state: FakeAwsState, requests: FakeAwsRequest[], region: string, body: Buffer, res: ServerResponse, requestId: string): void {
  const params = parseQueryParams(body.toString('utf8'));
  const action = str(params.Action) ?? '';
  requests.push({ service: 'rds', action, region, params: topLevelStrings(params) });
  const fail = (e: FakeAwsError) => send(res, e.httpStatus, 'text/xml', queryError(e.code, e.message, requestId), requestId);
  const scripted = scriptedError(state, region, action);
  if (scripted) return fail(scripted);
  const xml = rdsResponse(state, region, action, params, requestId);
  return xml ? send(res, 200, 'text/xml', xml, requestId) : fail(new FakeAwsError('InvalidAction', `The fake does not implement RDS ${action}`, 400));
}

/** rest-xml (S3), path-style: `METHOD /<bucket>[/<key>][?subresource]`. */
function handleS3(state: FakeAwsState, requests: FakeAwsRequest[], region: string, req: IncomingMessage, body: Buffer, res: ServerResponse, requestId: string): void {
  const url = new URL(req.url ?? '/', 'http://fake');
  const method = req.method ?? 'GET';
  const action = s3Action(method, url.pathname, url.searchParams);
  const [, bucket = '', key = ''] = /^\/([^/]+)\/?(.*)$/.exec(url.pathname) ?? [];
  requests.push({ service: 's3', action, region, params: { Bucket: bucket, ...(key ? { Key: decodeURIComponent(key) } : {}) } });
  const fail = (e: FakeAwsError) => {
    if (method === 'HEAD') return void res.writeHead(e.httpStatus, { 'x-amz-request-id': requestId }).end();
    send(res, e.httpStatus, 'application/xml', s3ErrorBody(e.code, e.message, requestId, bucket), requestId);
  };
  const handler = s3Handlers[action];
  if (!handler) return fail(new FakeAwsError('NotImplemented', `The fake does not implement S3 ${action}`, 501));
  const scripted = scriptedError(state, region, action);
  if (scripted) return fail(scripted);
  // stowrs: listing a bucket a local S3-compatible server holds (see s3External.ts).
  const ext = action === 'ListObjectsV2' ? externalBucket(state, bucket) : undefined;
  if (ext) {
    void listExternal(state, ext, { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, region }, handler).then(
      (answer) => res.writeHead(answer.status, { ...answer.headers, 'x-amz-request-id': requestId }).end(answer.body ?? ''),
      (error: Error) => fail(new FakeAwsError('InternalError', `the external bucket did not answer: ${error.message}`, 500)),
    );
    return;
  }
  try {
    const answer = handler(state, { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, region }, bucket, decodeURIComponent(key));
    res.writeHead(answer.status, { ...answer.headers, 'x-amz-request-id': requestId, 'content-length': Buffer.byteLength(answer.body ?? '') });
    res.end(answer.body ?? '');
  } catch (error) {
    if (error instanceof FakeAwsError) return fail(error);
    throw error;
  }
}

/** restJson1 (EKS): `GET /clusters/{name}`; errors name their type in x-amzn-errortype. */
function handleEks(state: FakeAwsState, requests: FakeAwsRequest[], region: string, req: IncomingMessage, res: ServerResponse, requestId: string): void {
  const match = /^\/clusters\/([^/?]+)$/.exec(new URL(req.url ?? '/', 'http://fake').pathname);
  const action = req.method === 'GET' && match ? 'DescribeCluster' : '';
  const name = decodeURIComponent(match?.[1] ?? '');
  requests.push({ service: 'eks', action, region, params: { name } });
  const fail = (e: FakeAwsError) => send(res, e.httpStatus, 'application/json', JSON.stringify({ message: e.message, ...(action ? { clusterName: name } : {}) }), requestId, { 'x-amzn-errortype': e.code });
  const handler = eksHandlers[action];
  if (!handler) return fail(new FakeAwsError('UnknownOperationException', `The fake does not implement EKS ${req.method} ${req.url}`, 400));
  const scripted = scriptedError(state, region, action);
  if (scripted) return fail(scripted);
  try {
    return send(res, 200, 'application/json', JSON.stringify(handler(state, region, name)), requestId);
  } catch (error) {
    if (error instanceof FakeAwsError) return fail(error);
    throw error;
  }
}

async function handle(state: FakeAwsState, requests: FakeAwsRequest[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url?.startsWith('/__fakeaws/')) return control(state, req, res);
  const body = await readBody(req);
  const { region, service } = signedScope(req);
  const requestId = randomUUID();
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return handleJson(state, requests, region, target, body, res, requestId);
  if (service === 's3') return handleS3(state, requests, region, req, body, res, requestId);
  if (service === 'rds') return handleRds(state, requests, region, body, res, requestId);
  if (service === 'eks') return handleEks(state, requests, region, req, res, requestId);
  if (service === 'cloudformation' || service === 'sts' || service === 'ec2') return handleQuery(state, requests, region, service, body, res, requestId);
  requests.push({ service: 'unknown', action: '', region });
  send(res, 400, 'text/xml', queryError('InvalidAction', `The fake does not know the service '${service}'`, requestId), requestId);
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
