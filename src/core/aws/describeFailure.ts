import { friendlyAwsError, isAwsSdkError, type AwsErrorCategory } from './errors';

export type FailureCategory = AwsErrorCategory | 'unexpected-response' | 'unsupported-operation' | 'key-material' | 'refused' | 'unresolved' | 'unreachable' | 'tls';

/** What the person was doing: the action (a command title) and, when known, the stack it was for. */
export interface FailureContext {
  readonly action: string;
  readonly stack?: string;
  readonly profile?: string;
  readonly region?: string;
}

/** A failure as shown to a person: one message that names the action and the stack, says what happened and what to do. */
export interface DescribedFailure {
  readonly category: FailureCategory;
  readonly message: string;
  /** What happened and what to do, without the action and stack (for a line that names them already). */
  readonly detail: string;
  /** The error's name or code, for the log. */
  readonly code: string;
}

/** The SDK's note on deserialization failures; it refers to fields a person cannot see. */
const SDK_INTERNALS = /\s*Deserialization error:.*$|\{error\}\.\$response[^\n]*/gis;
const TLS_CODES = /^(CERT_|UNABLE_TO_VERIFY|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_)/;

interface ErrorFields {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
  readonly cause?: unknown;
  readonly $response?: { statusCode?: number; headers?: Record<string, string> };
  readonly $metadata?: { httpStatusCode?: number };
}

function fields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : { message: String(error) };
}

/** The innermost code of an error chain (fetch wraps socket errors in `cause`). */
function codeOf(error: unknown): string {
  for (let e: ErrorFields | undefined = fields(error), depth = 0; e && depth < 4; e = e.cause ? fields(e.cause) : undefined, depth++) {
    if (typeof e.code === 'string' && e.code !== '') return e.code;
  }
  return fields(error).name ?? 'Error';
}

function where(error: unknown): string {
  for (let e: ErrorFields | undefined = fields(error), depth = 0; e && depth < 4; e = e.cause ? fields(e.cause) : undefined, depth++) {
    const host = e.address ?? e.hostname;
    if (host) return e.port ? `${host}:${e.port}` : host;
  }
  return 'the server';
}

/** The error's own message with SDK internals removed, on one line. */
export function plainMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : (fields(error).message ?? String(error));
  return raw.replace(SDK_INTERNALS, '').replace(/\s+/g, ' ').trim();
}

function localFailure(error: unknown, code: string, raw: string): { category: FailureCategory; message: string } | undefined {
  if (/cannot parse privatekey|malformed .*private key|unsupported key format|bad decrypt|invalid private key/i.test(raw)) {
    return { category: 'key-material', message: `The stack's SSH private key is not a usable OpenSSH or PEM key (${raw}). Check that the stack's KeyPairParameter output names the key pair's own parameter, or connect with EC2 Instance Connect.` };
  }
  if (code === 'ECONNREFUSED') return { category: 'refused', message: `Nothing is listening at ${where(error)} (connection refused). Check that the instance or service is running and that its port is open to you (Allow My IP).` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { category: 'unresolved', message: `The host name ${where(error)} does not resolve (${code}). Check the URL or host name, and your DNS, VPN or proxy.` };
  if (['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
    return { category: 'unreachable', message: `No answer from ${where(error)} (${code}). The security group may not allow your address: run Allow My IP, or check the network, VPN or proxy.` };
  }
  if (TLS_CODES.test(code)) return { category: 'tls', message: `The TLS certificate of ${where(error)} was not accepted (${code}). Set the endpoint's CA certificate, or use the host name the certificate was issued for.` };
  return undefined;
}

function sdkFailure(error: unknown, ctx: FailureContext, raw: string): { category: FailureCategory; message: string } | undefined {
  const e = fields(error);
  const status = e.$response?.statusCode ?? e.$metadata?.httpStatusCode;
  if (/is not valid for this web service|InvalidAction|UnknownOperation/i.test(`${codeOf(error)} ${raw}`)) {
    return { category: 'unsupported-operation', message: `The AWS endpoint does not offer this operation (${raw}). If AWS_ENDPOINT_URL points at a local or compatible endpoint, it lacks it; otherwise update Imaging Lab.` };
  }
  if (e.$response !== undefined && /deserialization|unexpected token|not valid json|char '<'|<\?xml/i.test(`${fields(error).message ?? ''}`)) {
    const type = e.$response.headers?.['content-type'];
    return {
      category: 'unexpected-response',
      message: `The AWS endpoint${ctx.region ? ` in ${ctx.region}` : ''} answered with something that is not a valid answer to this call (${status ? `HTTP ${status}` : 'no status'}${type ? `, ${type}` : ''}). If a proxy or AWS_ENDPOINT_URL sits in between, check it; otherwise try again later.`,
    };
  }
  return undefined;
}

/**
 * Turns any failure of an action into one message: AWS error codes through friendlyAwsError, SDK
 * failures without a code (unreadable answers, unsupported operations), and local failures (key
 * material, refused or unresolved connections, TLS). Never returns the SDK's `$response` hints.
 */
export function describeFailure(error: unknown, ctx: FailureContext): DescribedFailure {
  const code = codeOf(error);
  const raw = plainMessage(error);
  const subject = ctx.stack ? `${ctx.action} on ${ctx.stack} failed` : `${ctx.action} failed`;
  const make = (found: { category: FailureCategory; message: string }): DescribedFailure => ({ category: found.category, code, detail: found.message, message: `${subject}: ${found.message}` });
  // The SDK attaches $response to answers it could not read, even when it found no $metadata.
  const sdk = isAwsSdkError(error) || fields(error).$response !== undefined;
  const specific = sdk ? sdkFailure(error, ctx, raw) : localFailure(error, code, raw);
  if (specific) return make(specific);
  if (sdk) {
    const friendly = friendlyAwsError(error, { ...(ctx.profile ? { profile: ctx.profile } : {}), ...(ctx.region ? { region: ctx.region } : {}) });
    return make({ category: friendly.category, message: friendly.message.replace(SDK_INTERNALS, '').trim() });
  }
  return make({ category: 'other', message: raw || code });
}
