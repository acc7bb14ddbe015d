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

export function needsStaging(body: string): boolean {
  return Buffer.byteLength(body, 'utf8') > TEMPLATE_BODY_LIMIT;
}

export function stagingBucketName(accountId: string, region: string): string {
  return `imaging-lab-templates-${accountId}-${region}`;
}

/** Asked before the bucket is created; false stops the deployment with nothing created. */
export type StagingConsent = (bucket: string, region: string) => Promise<boolean>;

export class StagingDeclinedError extends Error {
  constructor(bucket: string) {
    super(`The template is larger than ${TEMPLATE_BODY_LIMIT} bytes, so CloudFormation must read it from S3, and creating the staging bucket ${bucket} was declined. Nothing was created; allow the bucket, or make the template smaller.`);
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
  if (!needsStaging(body)) return { body };
  const sts = await clients.sts(region);
  const account = (await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal })).Account ?? '';
  const bucket = stagingBucketName(account, region);
  if ((await bucketState(clients, region, bucket, account, signal)) === 'missing') {
    if (!(await consent(bucket, region))) throw new StagingDeclinedError(bucket);
    await createStagingBucket(clients, region, bucket, account, signal);
  }
  const key = `${PREFIX}${createHash('sha256').update(body).digest('hex').slice(0, 32)}.template`;
  const s3 = await clients.s3(region);
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain; charset=utf-8', ExpectedBucketOwner: account }),
    { abortSignal: signal },
  );
  return { url: `https://${bucket}.s3.${region}.amazonaws.com/${key}` };
}
