import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { embeddedLabFile } from '../../../templates/cdk/lab/labFiles';
import { startLocalS3, type LocalS3, type S3EventRecord } from '../../support/localS3';
import { requireTool } from '../../support/requireTool';

const INPUT = 'lab-input-test';
const OUTPUT = 'lab-output-test';
const RUNNER = join(__dirname, 'run_lab_python.py');
/** Debian's interpreter, with Debian's python3-boto3 and python3-pil (the Lambda runtime has boto3). */
const PYTHON = '/usr/bin/python3';

interface PythonRun {
  readonly status: number | null;
  readonly reply: { ok: boolean; result?: unknown; error?: string; message?: string };
  readonly stderr: string;
}

function request(s3: LocalS3, body: Record<string, unknown>): string {
  return JSON.stringify({ endpoint: s3.endpoint, ...body });
}

function parse(status: number | null, stdout: string, stderr: string): PythonRun {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let reply: PythonRun['reply'] = { ok: false, message: `no reply (stdout ${JSON.stringify(stdout)})` };
  try {
    reply = JSON.parse(line) as PythonRun['reply'];
  } catch {
    // keep the 'no reply' above; the assertion shows stdout and stderr
  }
  return { status, reply, stderr };
}

/** The deployed code exactly: the compacted file CloudFormation writes as index.py. */
function handlerFile(dir: string): string {
  const file = join(dir, 'index.py');
  writeFileSync(file, embeddedLabFile('lambda/process_image.py'));
  return file;
}

/** Asynchronous on purpose: s3rver runs in this process, so a blocking spawn would starve it. */
function runPython(input: string, timeoutMs = 60_000): Promise<PythonRun & { stdout: string }> {
  const child = spawn(PYTHON, [RUNNER], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  child.stdin.end(input);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ ...parse(status, stdout, stderr), stdout });
    }),
  );
}

function invoke(s3: LocalS3, file: string, records: readonly S3EventRecord[], suffix = '-processed', outputBucket = OUTPUT): Promise<PythonRun> {
  return runPython(request(s3, { mode: 'handler', file, event: { Records: records }, env: { OUTPUT_BUCKET: outputBucket, PROCESSED_SUFFIX: suffix } }));
}

function statuses(run: PythonRun): unknown[] {
  assert.equal(run.status, 0, `${JSON.stringify(run.reply)}\n${run.stderr}`);
  const result = run.reply.result as { statusCode: number; body: string };
  assert.equal(result.statusCode, 200);
  return JSON.parse(result.body) as unknown[];
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e6f0a7c60000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 7), Buffer.from([0xff, 0xd9])]);
const DICOM = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([0x02, 0x00, 0x00, 0x00])]);

describe('lab image pipeline: the Lambda and the notebook helper against a local S3 (s3rver)', function () {
  this.timeout(120_000);
  let s3: LocalS3;
  let sdk: S3Client;
  let dir = '';
  let file = '';

  const put = (bucket: string, key: string, body: Buffer | string) => sdk.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const exists = async (bucket: string, key: string): Promise<boolean> => {
    try {
      await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFound') return false;
      throw error;
    }
  };
  const read = async (bucket: string, key: string): Promise<{ body: Buffer; type: string | undefined }> => {
    const r = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { body: Buffer.from(await r.Body!.transformToByteArray()), type: r.ContentType };
  };

  before(async () => {
    requireTool(PYTHON, 'python3');
    const modules = spawnSync(PYTHON, ['-c', 'import boto3, PIL'], { encoding: 'utf8' });
    if (modules.status !== 0) throw new Error(`${PYTHON} lacks boto3 or Pillow: install the Debian packages python3-boto3 python3-pil.\n${modules.stderr}`);
    s3 = await startLocalS3([INPUT, OUTPUT]);
    sdk = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
    dir = mkdtempSync(join(tmpdir(), 'imaging-lab-lambda-'));
    file = handlerFile(dir);
  });
  after(async () => {
    sdk?.destroy();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("round trip as in the lab: the notebook helper uploads a PNG, the handler gets the server's event, the helper sees '<name>-processed.png'", async () => {
    const helper = join(dir, 'upload_test_image.py');
    writeFileSync(helper, embeddedLabFile('jupyter/upload_test_image.py'));
    const uploading = runPython(
      request(s3, {
        mode: 'upload',
        file: helper,
        argv: ['--key', 'lab-image.png', '--text', 'Hello!', '--wait', '30'],
        env: { LAB_INPUT_BUCKET: INPUT, LAB_OUTPUT_BUCKET: OUTPUT, LAB_PROCESSED_SUFFIX: '-processed' },
      }),
    );
    const event = await s3.nextEvent(INPUT, 'lab-image.png');
    assert.equal(event.eventName, 'ObjectCreated:Put');
    assert.deepEqual(statuses(await invoke(s3, file, [event])), [{ key: 'lab-image.png', status: 'processed', output: 'lab-image-processed.png' }]);
    const helperRun = await uploading;
    assert.equal(helperRun.status, 0, helperRun.stdout + helperRun.stderr);
    assert.equal(helperRun.reply.result, 0);
    assert.match(helperRun.stdout, /Processed image is at s3:\/\/lab-output-test\/lab-image-processed\.png/);
    const [source, processed] = await Promise.all([read(INPUT, 'lab-image.png'), read(OUTPUT, 'lab-image-processed.png')]);
    assert.ok(processed.body.subarray(0, 8).equals(PNG.subarray(0, 8)), 'a PNG came back');
    assert.ok(processed.body.equals(source.body), 'the processed object is the uploaded image');
    assert.equal(processed.type, 'image/png');
  });

  // s3rver decodes x-amz-copy-source with decodeURI, which leaves %2B encoded, so a '+' in a copied
  // key is tested where no copy happens (the 'gone' case below); S3 itself decodes it fully.
  it('keeps the folder, decodes the event key, names JPEG .jpg and DICOM .dcm, and uses the suffix parameter', async () => {
    await put(INPUT, 'scans/knee 1.JPG', JPEG);
    const jpeg = await s3.nextEvent(INPUT, 'scans/knee 1.JPG');
    assert.equal(jpeg.s3.object.key, 'scans/knee+1.JPG', 'the event carries the key encoded as S3 sends it');
    await put(INPUT, 'ct/slice', DICOM);
    const dicom = await s3.nextEvent(INPUT, 'ct/slice');
    assert.deepEqual(statuses(await invoke(s3, file, [jpeg, dicom], '_v2')), [
      { key: 'scans/knee 1.JPG', status: 'processed', output: 'scans/knee 1_v2.jpg' },
      { key: 'ct/slice', status: 'processed', output: 'ct/slice_v2.dcm' },
    ]);
    assert.ok((await read(OUTPUT, 'scans/knee 1_v2.jpg')).body.equals(JPEG));
    assert.equal((await read(OUTPUT, 'ct/slice_v2.dcm')).type, 'application/dicom');
  });

  it('skips an object that is gone by the time it runs (no retry), and writes nothing', async () => {
    await put(INPUT, 'deleted-early.png', PNG);
    const event = await s3.nextEvent(INPUT, 'deleted-early.png');
    const gone = { ...event, s3: { ...event.s3, object: { ...event.s3.object, key: 'never+uploaded%2B1.png' } } };
    assert.deepEqual(statuses(await invoke(s3, file, [gone])), [{ key: 'never uploaded+1.png', status: 'missing' }]);
    assert.equal(await exists(OUTPUT, 'never uploaded+1-processed.png'), false);
  });

  it('skips a non-image (no retry, nothing written) while still processing the image next to it', async () => {
    await put(INPUT, 'notes.png', 'this is text, whatever its name says');
    await put(INPUT, 'real.png', PNG);
    const [text, image] = await Promise.all([s3.nextEvent(INPUT, 'notes.png'), s3.nextEvent(INPUT, 'real.png')]);
    assert.deepEqual(statuses(await invoke(s3, file, [text, image])), [
      { key: 'notes.png', status: 'not-an-image' },
      { key: 'real.png', status: 'processed', output: 'real-processed.png' },
    ]);
    assert.equal(await exists(OUTPUT, 'notes-processed.png'), false);
    assert.equal(await exists(OUTPUT, 'real-processed.png'), true);
  });

  it('ignores deletions and folder markers', async () => {
    await put(INPUT, 'folder/', Buffer.alloc(0));
    const marker = await s3.nextEvent(INPUT, 'folder/');
    await put(INPUT, 'to-delete.png', PNG);
    await s3.nextEvent(INPUT, 'to-delete.png');
    const removed = { ...marker, eventName: 'ObjectRemoved:Delete', s3: { ...marker.s3, object: { key: 'to-delete.png' } } };
    assert.deepEqual(statuses(await invoke(s3, file, [marker, removed])), [
      { key: 'folder/', status: 'ignored', reason: 'folder marker' },
      { status: 'ignored', reason: 'event ObjectRemoved:Delete' },
    ]);
  });

  it('raises any other S3 error (here: no output bucket) so Lambda retries and then dead-letters the event', async () => {
    await put(INPUT, 'retry-me.png', PNG);
    const event = await s3.nextEvent(INPUT, 'retry-me.png');
    const run = await invoke(s3, file, [event], '-processed', 'lab-output-missing');
    assert.equal(run.status, 1, JSON.stringify(run.reply) + run.stderr);
    assert.deepEqual([run.reply.ok, run.reply.error], [false, 'NoSuchBucket']);
  });
});
