import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { friendlyAwsError } from '../core/aws/errors';
import type { AwsSession } from '../core/aws/session';
import type { Clock } from '../core/deploy/clock';
import { PollerRegistry } from '../core/deploy/pollerRegistry';
import { summaryLines, terminalPrinter } from '../core/deploy/progressLines';
import { outcome, type Outcome } from '../core/deploy/progressSelectors';
import type { ProgressState } from '../core/deploy/progressTypes';
import { trackDeployment } from '../core/deploy/trackDeployment';
import { detectPublicIp } from '../core/net/publicIp';
import { sessionFromOptions } from './awsOptions';
import { EXIT, type CliIo } from './cliCommand';

/** What the stack commands (deploy, delete) need from outside; tests replace these. */
export interface DeployCliDeps {
  readonly session: (profile: string | undefined, regions: readonly string[], env: NodeJS.ProcessEnv) => Promise<AwsSession>;
  /** Asks a yes/no question on the terminal; false when there is no terminal. */
  readonly confirm: (question: string, io: CliIo) => Promise<boolean>;
  readonly publicIp: (signal?: AbortSignal) => Promise<string>;
  readonly clock?: Clock;
  readonly extensionRoot: () => string;
  /** Where kinds keep what they generate for a stack (CA keys, VPN certificates). */
  readonly storageRoot?: (env: NodeJS.ProcessEnv) => string;
}

/** The directory holding package.json and templates/ (the CLI runs from dist/ or, in tests, from src/). */
export function findExtensionRoot(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'imaging-lab') return dir;
    if (dirname(dir) === dir) throw new Error('Cannot find the Imaging Lab installation (package.json); reinstall the CLI.');
  }
}

/** `$XDG_DATA_HOME/imaging-lab`, else `~/.local/share/imaging-lab`. */
export function cliStorageRoot(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'imaging-lab');
}

export async function askOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export const DEFAULT_DEPS: DeployCliDeps = {
  session: sessionFromOptions,
  confirm: (question) => askOnTerminal(question),
  publicIp: (signal) => detectPublicIp(signal ? { signal } : {}),
  extensionRoot: () => findExtensionRoot(),
  storageRoot: cliStorageRoot,
};

/** SDK, credential and socket errors as "what happened and what to do"; our own errors pass through. */
export function explainAwsFailure(error: unknown, profile: string | undefined, region: string | undefined): unknown {
  const e = error as { $metadata?: unknown; code?: unknown; name?: string };
  const fromAws = e?.$metadata !== undefined || typeof e?.code === 'string' || e?.name === 'CredentialsProviderError' || e?.name === 'TokenProviderError';
  if (!fromAws) return error;
  return new Error(friendlyAwsError(error, { ...(profile ? { profile } : {}), ...(region ? { region } : {}) }).message, { cause: error });
}

/** Runs `work` with a session for --profile/--region, explaining AWS failures and closing the clients. */
export async function withAwsSession(
  deps: DeployCliDeps,
  values: { profile?: string; region?: string[] },
  io: CliIo,
  work: (session: AwsSession, region: string) => Promise<number>,
): Promise<number> {
  const session = await deps.session(values.profile, values.region ?? [], io.env);
  try {
    return await work(session, session.regions[0] ?? 'us-east-1');
  } catch (error) {
    throw explainAwsFailure(error, session.profile, session.regions[0]);
  } finally {
    await session.clients.dispose();
  }
}

type FollowInit = Pick<Parameters<typeof trackDeployment>[0], 'operation' | 'expected' | 'kind'>;

/** Follows the operation, re-trying paused credentials every 30 s (an SSO login elsewhere fixes them). */
export async function followInTerminal(session: AwsSession, region: string, stackId: string, stackName: string, io: CliIo, deps: DeployCliDeps, init: FollowInit): Promise<ProgressState> {
  const registry = new PollerRegistry();
  const print = terminalPrinter((t) => io.out(t), (t) => io.err(t));
  const retry = setInterval(() => registry.resumeAll(), 30_000);
  try {
    return await trackDeployment({
      clients: session.clients, region, stackId, stackName, registry, signal: io.signal, onState: print,
      ...(deps.clock ? { clock: deps.clock } : {}), ...init,
    });
  } finally {
    clearInterval(retry);
    registry.dispose();
  }
}

/** Follows an operation to its end, prints the summary, and turns the outcome into an exit code. */
export async function finishInTerminal(session: AwsSession, region: string, stackId: string, stackName: string, io: CliIo, deps: DeployCliDeps, init: FollowInit, success: Outcome): Promise<number> {
  const final = await followInTerminal(session, region, stackId, stackName, io, deps, init);
  io.out(`${summaryLines(final).join('\n')}\n`);
  return outcome(final) === success ? EXIT.ok : EXIT.failure;
}
