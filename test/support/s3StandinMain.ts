// Runs the s3rver stand-in as its own process (for suites bundled into the VS Code extension host,
// where s3rver cannot be bundled): prints one JSON line {endpoint, bucket}, stops when stdin closes.
// Usage: tsx test/support/s3StandinMain.ts BUCKET
import { startS3Standin } from './s3Standin';

async function main(): Promise<void> {
  const s3 = await startS3Standin({ bucket: process.argv[2] ?? 'imaging-lab-stowrs-journey' });
  process.stdout.write(`${JSON.stringify({ endpoint: s3.endpoint, bucket: s3.bucket })}\n`);
  const stop = () => void s3.stop().finally(() => process.exit(0));
  process.stdin.on('end', stop).on('close', stop).resume();
  process.once('SIGTERM', stop);
}

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
