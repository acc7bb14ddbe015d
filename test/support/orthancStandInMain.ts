import { readFile } from 'node:fs/promises';
import { startOrthancStandIn, type OrthancProfile } from './orthancStandIn';

/** What the parent reads (one JSON line on stdout) once nginx and Orthanc answer. */
export interface OrthancStandInInfo {
  readonly httpsOrigin: string;
  readonly dicomWebUrl: string;
  readonly dicomTlsPort: number;
  readonly fingerprint: string;
  readonly caPem: string;
  readonly username: string;
  readonly password: string;
  readonly orthancUrl: string;
}

/**
 * The Orthanc stand-in (nginx + Orthanc from the template's own files) as a process of its own,
 * for the inside-VS-Code journey: the stand-in synthesizes the CDK app, which the extension host's
 * test bundle does not carry. It stops when its stdin closes (the parent went away) or on SIGTERM.
 */
async function main(): Promise<void> {
  const profile = (process.argv[2] ?? 'evaluation') as OrthancProfile;
  const standIn = await startOrthancStandIn({ profile });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await standIn.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.on('close', () => void stop());
  process.stdin.resume();
  const info: OrthancStandInInfo = {
    httpsOrigin: standIn.httpsOrigin,
    dicomWebUrl: standIn.dicomWebUrl,
    dicomTlsPort: standIn.dicomTlsPort,
    fingerprint: standIn.fingerprint,
    caPem: await readFile(standIn.caFile, 'utf8'),
    username: standIn.username,
    password: standIn.password,
    orthancUrl: standIn.orthancUrl,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
