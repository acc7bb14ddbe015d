import type { AwsClients } from '../../aws/clients';
import type { StackInfo } from '../../stacks/stackInfo';
import { LAB_OUTPUT, LAB_PARAMETER } from './labNames';
import { labOutput, labParameter } from './labStack';

/** S3 bucket names (the lab's are `lab-input-<uuid>` / `lab-output-<uuid>`); outputs are checked before use. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** The template's ProcessedSuffix pattern. */
const SUFFIX = /^[A-Za-z0-9_.-]{1,40}$/;
/** Object names the action writes: a plain file name, optionally under folders. */
const KEY = /^([A-Za-z0-9][A-Za-z0-9._ -]{0,99}\/){0,4}[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;

/** Image types the function recognises by their first bytes (templates/lab/lambda/process_image.py). */
const SIGNATURES: readonly [string, (b: Uint8Array) => boolean][] = [
  ['png', (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47],
  ['jpg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['gif', (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38],
  ['tif', (b) => (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)],
  ['webp', (b) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'],
  ['bmp', (b) => b[0] === 0x42 && b[1] === 0x4d && b.length >= 14],
];

/** The extension the function gives an image, from its first bytes; undefined for a non-image (the function skips it). */
export function imageExtension(head: Uint8Array): string | undefined {
  if (head.length >= 132 && String.fromCharCode(...head.subarray(128, 132)) === 'DICM') return 'dcm';
  return SIGNATURES.find(([, test]) => test(head))?.[0];
}

/** The function's output name: 'scans/knee.PNG' -> 'scans/knee<suffix>.png' (its output_key). */
export function processedKey(key: string, suffix: string, extension: string): string {
  const slash = key.lastIndexOf('/');
  const name = key.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${key.slice(0, slash + 1)}${stem}${suffix}.${extension}`;
}

/** Where a lab stack's pipeline reads and writes, from its outputs and parameters, validated. */
export function pipelineOf(stack: Pick<StackInfo, 'stackName' | 'outputs' | 'parameters'>): { inputBucket: string; outputBucket: string; suffix: string } {
  const bucket = (key: string) => {
    const name = labOutput(stack, key);
    if (!BUCKET.test(name)) throw new Error(`The stack's ${key} output (${JSON.stringify(name.slice(0, 70))}) is not an S3 bucket name.`);
    return name;
  };
  const suffix = labParameter(stack, LAB_PARAMETER.processedSuffix) || '-processed';
  if (!SUFFIX.test(suffix)) throw new Error(`The stack's ${LAB_PARAMETER.processedSuffix} (${JSON.stringify(suffix.slice(0, 50))}) is not a file-name suffix.`);
  return { inputBucket: bucket(LAB_OUTPUT.inputBucket), outputBucket: bucket(LAB_OUTPUT.outputBucket), suffix };
}

export interface PipelineRun {
  readonly inputBucket: string;
  readonly key: string;
  readonly outputBucket: string;
  readonly outputKey: string;
  readonly bytes: number;
  /** From the end of the upload to the processed object appearing. */
  readonly waitedMs: number;
}

export interface PipelineOptions {
  readonly key: string;
  readonly body: Uint8Array;
  readonly signal?: AbortSignal;
  readonly progress?: (message: string) => void;
  /** How long the function may take (default 2 minutes: a cold start plus S3's event delivery). */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

const isMissing = (error: unknown) => ['NotFound', 'NoSuchKey'].includes((error as { name?: string }).name ?? '') || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Uploads an image to the lab's input bucket and waits until the function has written its
 * processed copy to the output bucket (handout steps T1.7-T1.8: the Lambda round trip).
 */
export async function runImagePipeline(clients: Pick<AwsClients, 's3'>, stack: Pick<StackInfo, 'stackName' | 'region' | 'outputs' | 'parameters'>, o: PipelineOptions): Promise<PipelineRun> {
  const { inputBucket, outputBucket, suffix } = pipelineOf(stack);
  if (!KEY.test(o.key)) throw new Error(`'${o.key.slice(0, 80)}' cannot name the uploaded object (letters, digits, '.', '_', '-', spaces; up to four folders).`);
  const extension = imageExtension(o.body.subarray(0, 132));
  if (!extension) throw new Error('That file is not an image the lab function processes (PNG, JPEG, GIF, TIFF, BMP or DICOM); it would be skipped. Choose an image.');
  const outputKey = processedKey(o.key, suffix, extension);
  const { PutObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const s3 = await clients.s3(stack.region);
  const options = o.signal ? { abortSignal: o.signal } : {};
  o.progress?.(`Uploading ${o.key} to ${inputBucket}…`);
  await s3.send(new PutObjectCommand({ Bucket: inputBucket, Key: o.key, Body: o.body, ContentType: extension === 'dcm' ? 'application/dicom' : `image/${extension === 'jpg' ? 'jpeg' : extension}` }), options);
  const started = Date.now();
  const deadline = started + (o.timeoutMs ?? 120_000);
  o.progress?.(`Waiting for the function to write ${outputKey} to ${outputBucket}…`);
  for (;;) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: outputBucket, Key: outputKey }), options);
      return { inputBucket, key: o.key, outputBucket, outputKey, bytes: o.body.length, waitedMs: Date.now() - started };
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${o.key} is in ${inputBucket}, but ${outputKey} did not appear in ${outputBucket} within ${Math.round((o.timeoutMs ?? 120_000) / 1000)} s. Look at the function's log (ImageFunctionName output) and its dead-letter queue (ImageDeadLetterQueueUrl).`);
    }
    await sleep(o.pollMs ?? 1000, o.signal);
  }
}
