import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, readConfig } from './config';
import { jsonLogger } from './log';
import { createStowServer } from './server';

/**
 * Entry point of the STOW-RS-to-S3 service (bundled to dist/stowrs-service.js and run by systemd
 * on the instance). Settings come from the environment; see templates/stowrs/README.md.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'config', detail: error.message })}\n`);
    process.exit(2);
  }
  const log = jsonLogger(config.logLevel);
  // AWS_ENDPOINT_URL_S3 (SDK standard) points the client at a local S3-compatible server in tests.
  const s3 = new S3Client({ ...(config.s3.region ? { region: config.s3.region } : {}), forcePathStyle: config.s3.forcePathStyle });
  const server = createStowServer(config, s3, log);
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    log.info('signal', { signal });
    stopping ??= server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('stop-failed', { detail: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await server.start();
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'fatal', detail: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
