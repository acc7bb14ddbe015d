import { prepareOpenSshAccess } from '../../core/ssh/sshAccess';
import { sshCommandFor } from '../../core/ssh/sshCommand';
import { planSsh } from '../../core/ssh/sshPlan';
import { sshPaths } from '../../core/ssh/sshPaths';
import { listStackInstances, type InstanceInfo } from '../../core/stacks/stackInstances';
import type { CliIo } from '../cliCommand';
import type { NamedStack } from '../namedStack';
import { includeReport } from './sshConfig';

/**
 * OpenSSH access to an instance of the stack (key, pinned host keys, the managed config entry),
 * with the CLI's reports on stderr; returns the `ssh …` command line that reaches it.
 */
export async function openSshForCli(
  { session, region, stack }: NamedStack,
  role: string | undefined | ((instances: readonly InstanceInfo[]) => string | undefined),
  sshDir: string | undefined,
  io: CliIo,
): Promise<string> {
  const instances = await listStackInstances(session.clients, region, stack.stackName, io.signal);
  const plan = planSsh(stack, instances, typeof role === 'function' ? role(instances) : role);
  const paths = sshPaths(sshDir);
  const access = await prepareOpenSshAccess(
    { clients: session.clients, paths, region, ...(session.profile ? { profile: session.profile } : {}), progress: (m) => io.err(`${m}\n`), signal: io.signal },
    plan,
  );
  includeReport(access.include, paths, io);
  for (const alias of access.unpinned) {
    io.err(`Warning: ${alias} has no host keys in its console output yet (still booting?); OpenSSH will refuse it until you run this command again.\n`);
  }
  if (access.instanceConnect) io.err('The temporary key is accepted for 60 seconds: connect now.\n');
  return sshCommandFor(paths, access.alias, access.include);
}
