import { createHash } from 'node:crypto';
import {
  CreateBucketCommand, HeadBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand, PutObjectCommand, PutPublicAccessBlockCommand, type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from '../aws/clients';
import { errorName } from './deployErrors';
import type { TemplateSource } from './createStack';

/** CreateStack's limit for an inline TemplateBody, in bytes (UTF-8). */
export const TEMPLATE_BODY_LIMIT = 51_200;
/** Staged templates are only needed while CloudFormation reads them. */
export const STAGED_TEMPLATE_DAYS = 7;
const PREFIX = 'templates/';

/**
 * A JSON template without its indentation: CreateStack counts every byte of TemplateBody, and the
 * shipped templates are pretty-printed for review. YAML (and anything that is not JSON) is sent as is.
 */
export function compactTemplateBody(body: string): string {
  if (!/^\s*\{/.test(body)) return body;
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    return body;
  }
}

export function needsStaging(body: string): boolean {
  return Buffer.byteLength(body, 'utf8') > TEMPLATE_BODY_LIMIT;
}

export function stagingBucketName(accountId: string, region: string): string {
  return `imaging-lab-templates-${accountId}-${region}`;
}

/** The review's note for a template that must be staged (undefined when it fits inline); the consent itself is asked on Create. */
export function stagingNote(body: string): string | undefined {
  if (!needsStaging(body)) return undefined;
  return (
    `The template is ${Math.round(Buffer.byteLength(body, 'utf8') / 1024)} KB, over CloudFormation's ${TEMPLATE_BODY_LIMIT.toLocaleString('en-US')}-byte limit for an inline template: ` +
    'it is staged in a private S3 bucket of your account, which Imaging Lab asks before creating.'
  );
}

/** Why the staging bucket is needed: a template over the inline limit, or files a kind's stack reads. */
export type StagingReason = 'template' | 'files';

/** Asked before the bucket is created; false stops the deployment with nothing created. */
export type StagingConsent = (bucket: string, region: string, reason: StagingReason) => Promise<boolean>;

export class StagingDeclinedError extends Error {
  constructor(bucket: string, reason: StagingReason) {
    super(
      reason === 'template'
        ? `The template is larger than ${TEMPLATE_BODY_LIMIT} bytes, so CloudFormation must read it from S3, and creating the staging bucket ${bucket} was declined. Nothing was created; allow the bucket, or make the template smaller.`
        : `This kind's stack reads files from S3, and creating the staging bucket ${bucket} was declined. Nothing was created; allow the bucket to deploy it.`,
    );
    this.name = 'StagingDeclinedError';
  }
}

async function bucketState(clients: AwsClients, region: string, bucket: string, account: string, signal?: AbortSignal): Promise<'ours' | 'missing'> {
  const s3 = await clients.s3(region);
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account }), { abortSignal: signal });
    return 'ours';
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (errorName(error) === 'NotFound' || status === 404) return 'missing';
    if (status === 403) throw new Error(`The S3 bucket name ${bucket} belongs to another account or is not accessible. Deploy with a smaller template, or grant s3:ListBucket on it.`, { cause: error });
    throw error;
  }
}

/** Encrypted, public access blocked, TLS-only, staged templates expire. */
async function createStagingBucket(clients: AwsClients, region: string, bucket: string, account: string, signal?: AbortSignal): Promise<void> {
  const s3 = await clients.s3(region);
  const opts = { abortSignal: signal };
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      ObjectOwnership: 'BucketOwnerEnforced',
      ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
    }),
    opts,
  );
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: bucket,
      ExpectedBucketOwner: account,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
    opts,
  );
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ExpectedBucketOwner: account,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
    }),
    opts,
  );
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, ExpectedBucketOwner: account, Policy: JSON.stringify(policy) }), opts);
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      ExpectedBucketOwner: account,
      LifecycleConfiguration: {
        Rules: [
          {
            ID: 'expire-staged-templates',
            Status: 'Enabled',
            Filter: { Prefix: PREFIX },
            Expiration: { Days: STAGED_TEMPLATE_DAYS },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    }),
    opts,
  );
}

interface StagingBucket {
  readonly region: string;
  readonly bucket: string;
  readonly account: string;
}

/** The account's staging bucket in the region, created (after `consent`) when missing. */
async function stagingBucket(clients: AwsClients, region: string, consent: StagingConsent, reason: StagingReason, signal?: AbortSignal): Promise<StagingBucket> {
  const sts = await clients.sts(region);
  const account = (await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Account ?? '';
  const bucket = stagingBucketName(account, region);
  if ((await bucketState(clients, region, bucket, account, signal)) === 'missing') {
    if (!(await consent(bucket, region, reason))) throw new StagingDeclinedError(bucket, reason);
    await createStagingBucket(clients, region, bucket, account, signal);
  }
  return { region, bucket, account };
}

/** Puts one object (by default under the expiring prefix); returns the URL CloudFormation reads it from. */
async function putStaged(clients: AwsClients, at: StagingBucket, name: string, body: string | Uint8Array, signal?: AbortSignal, key = `${PREFIX}${name}`): Promise<string> {
  const s3 = await clients.s3(at.region);
  const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream';
  await s3.send(new PutObjectCommand({ Bucket: at.bucket, Key: key, Body: body, ContentType: contentType, ExpectedBucketOwner: at.account }), { abortSignal: signal });
  return `https://${at.bucket}.s3.${at.region}.amazonaws.com/${key}`;
}

/**
 * Where CreateStack reads the template from: inline when small, else an object in the account's
 * staging bucket (created only after `consent`).
 */
export async function templateSource(
  clients: AwsClients,
  region: string,
  body: string,
  consent: StagingConsent,
  signal?: AbortSignal,
): Promise<TemplateSource> {
  const compact = compactTemplateBody(body);
  if (!needsStaging(compact)) return { body: compact };
  const at = await stagingBucket(clients, region, consent, 'template', signal);
  return { url: await putStaged(clients, at, `${createHash('sha256').update(body).digest('hex').slice(0, 32)}.template`, body, signal) };
}

const FILE_NAME = /^[A-Za-z0-9._-]{1,128}$/;
/** A kind's own long-lived key: plain segments, never '.'/'..', never under the expiring prefix. */
const LASTING_KEY = /^(?!templates\/)(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}\/){0,7}[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Uploads a kind's files for one stack (under `<stack>/`); returns each file's URL by name. */
export async function stageFiles(
  clients: AwsClients,
  region: string,
  stackName: string,
  files: readonly { readonly name: string; readonly body: string | Uint8Array; readonly key?: string }[],
  consent: StagingConsent,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  if (files.length === 0) return {};
  const bad = files.find((f) => !FILE_NAME.test(f.name) || f.name.startsWith('.'));
  if (bad) throw new Error(`A kind asked to stage '${bad.name}', which is not a plain file name; nothing was created.`);
  const badKey = files.find((f) => f.key !== undefined && !LASTING_KEY.test(f.key));
  if (badKey) throw new Error(`A kind asked to stage '${badKey.name}' at '${badKey.key}', which is not a plain S3 key outside ${PREFIX}; nothing was created.`);
  const at = await stagingBucket(clients, region, consent, 'files', signal);
  const urls: Record<string, string> = {};
  for (const f of files) urls[f.name] = await putStaged(clients, at, `${stackName}/${f.name}`, f.body, signal, f.key);
  return urls;
}
