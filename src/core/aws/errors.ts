import { isRegionName, KNOWN_REGIONS } from './regions';

export type AwsErrorCategory =
  | 'no-credentials'
  | 'expired'
  | 'invalid-credentials'
  | 'access-denied'
  | 'throttled'
  | 'network'
  | 'region'
  | 'cancelled'
  | 'not-found'
  | 'validation'
  | 'other';

/** An AWS failure turned into what a person can act on. */
export interface FriendlyAwsError {
  readonly category: AwsErrorCategory;
  /** What happened and what to do, in one or two sentences. */
  readonly message: string;
  /** The SDK's error name/code, for logs. */
  readonly code: string;
}

export interface ErrorContext {
  readonly profile?: string;
  readonly region?: string;
  /** IAM action of the failed call, e.g. `cloudformation:DescribeStacks`. */
  readonly action?: string;
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'SlowDown']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'AuthFailure', 'InvalidAccessKeyId']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedAccess', 'Forbidden']);

function profileFlag(ctx: ErrorContext): string {
  return ctx.profile ? ` --profile ${ctx.profile}` : '';
}

function errorCode(error: unknown): string {
  const e = error as { name?: string; code?: string; Code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.Code ?? e?.name ?? 'Error';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether an error comes from the AWS SDK (service and network errors carry `$metadata`) or its
 * credential providers. Other errors (local files, SSH, DICOMweb) already say what to do and must
 * not be dressed up as AWS problems.
 */
export function isAwsSdkError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { $metadata?: unknown; $fault?: unknown; name?: string };
  return e.$metadata !== undefined || e.$fault !== undefined || e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError';
}

/** Maps SDK, credential-provider and socket errors to a category and an actionable message. */
export function friendlyAwsError(error: unknown, ctx: ErrorContext = {}): FriendlyAwsError {
  const code = errorCode(error);
  const name = (error as { name?: string })?.name ?? '';
  const raw = messageOf(error);
  const where = ctx.region ? ` in ${ctx.region}` : '';
  const make = (category: AwsErrorCategory, message: string): FriendlyAwsError => ({ category, message, code });

  if (name === 'AbortError' || code === 'ABORT_ERR') return make('cancelled', 'Cancelled.');
  if (/sso session .*(expired|invalid)|token is expired|refresh.*sso|sso.*token.*(expired|not found)/i.test(raw) || name === 'TokenProviderError') {
    return make('expired', `The AWS SSO session${ctx.profile ? ` of profile '${ctx.profile}'` : ''} has expired. Run: aws sso login${profileFlag(ctx)}`);
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(raw)) {
    if (/profile .* could not be found|profile.*not found/i.test(raw)) {
      return make('no-credentials', `Profile '${ctx.profile ?? 'default'}' is not in ~/.aws/config or ~/.aws/credentials. Pick another profile, or run: aws configure${profileFlag(ctx)}`);
    }
    return make(
      'no-credentials',
      ctx.profile
        ? `No usable AWS credentials for profile '${ctx.profile}' (${raw}). Run: aws configure${profileFlag(ctx)} (or aws configure sso), then refresh.`
        : 'No AWS credentials found. Run: aws configure (or aws configure sso), or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then refresh.',
    );
  }
  if (EXPIRED.has(code)) {
    return make('expired', `The AWS credentials${ctx.profile ? ` of profile '${ctx.profile}'` : ''} have expired. Refresh them (for SSO: aws sso login${profileFlag(ctx)}; for temporary keys: get a new session token), then refresh the view.`);
  }
  if (INVALID.has(code)) {
    const optIn = ctx.region && !['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1'].includes(ctx.region);
    return make(
      optIn ? 'region' : 'invalid-credentials',
      optIn
        ? `AWS rejected the credentials${where}. If ${ctx.region} is an opt-in region, enable it for the account (Account settings > AWS Regions) or remove it from imagingLab.aws.regions; otherwise check the keys with: aws sts get-caller-identity${profileFlag(ctx)}`
        : `AWS rejected the credentials (${code}). Check them with: aws sts get-caller-identity${profileFlag(ctx)}`,
    );
  }
  if (DENIED.has(code) || /not authorized to perform/i.test(raw)) {
    const action = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(raw)?.[1] ?? ctx.action;
    return make('access-denied', `Access denied${where}${action ? `: the identity lacks permission ${action}` : ''}. Ask your administrator to allow it${action ? ` (IAM action ${action})` : ''}, or pick a profile that has it.`);
  }
  if (THROTTLING.has(code)) return make('throttled', `AWS is throttling requests${where}; Imaging Lab slows down and retries. If this persists, query fewer regions.`);
  if (NETWORK_CODES.has(code) || name === 'TimeoutError' || /getaddrinfo|socket hang up|network/i.test(raw)) {
    if (ctx.region && !isRegionName(ctx.region)) return make('region', `'${ctx.region}' is not an AWS region name. Fix imagingLab.aws.regions (e.g. ${KNOWN_REGIONS[0]}).`);
    if (code === 'ENOTFOUND' && ctx.region && !KNOWN_REGIONS.includes(ctx.region)) {
      return make('region', `Region '${ctx.region}' has no endpoint (does it exist?). Fix imagingLab.aws.regions.`);
    }
    return make('network', `Cannot reach AWS${where} (${code}). Check the network connection, VPN or proxy (HTTPS_PROXY), then refresh.`);
  }
  if (code === 'ValidationError' && /does not exist/i.test(raw)) return make('not-found', raw);
  if (code === 'ValidationError' || code === 'ValidationException') return make('validation', raw);
  return make('other', `${raw || code}${where ? ` (${where.trim()})` : ''}`);
}
