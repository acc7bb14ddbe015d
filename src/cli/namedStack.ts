import type { AwsSession } from '../core/aws/session';
import { describeStack } from '../core/ssh/describeStack';
import type { StackInfo } from '../core/stacks/stackInfo';
import { sessionFromOptions } from './awsOptions';
import { UsageError, type CliIo } from './cliCommand';

/** What a command about one stack works with. */
export interface NamedStack {
  readonly session: AwsSession;
  readonly region: string;
  readonly stack: StackInfo;
}

/**
 * Runs a command on the one stack its positional argument names (`--profile`/`--region` as every
 * AWS-facing command takes them); the session's clients are closed however the command ends.
 */
export async function onNamedStack(
  positionals: readonly string[],
  options: { readonly profile?: string | undefined; readonly region?: string | undefined },
  io: CliIo,
  run: (on: NamedStack) => Promise<number>,
): Promise<number> {
  const [stackName, ...extra] = positionals;
  if (!stackName || extra.length > 0) throw new UsageError('give exactly one stack name.');
  const session = await sessionFromOptions(options.profile, options.region ? [options.region] : [], io.env);
  const region = session.regions[0] ?? 'us-east-1';
  try {
    return await run({ session, region, stack: await describeStack(session.clients, region, stackName, io.signal) });
  } finally {
    await session.clients.dispose();
  }
}
