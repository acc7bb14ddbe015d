import { parseArgs } from 'node:util';
import { newRequestToken } from '../../core/deploy/createStack';
import { deleteStack } from '../../core/deploy/deleteStack';
import { expectedFromStack } from '../../core/deploy/stackResources';
import { forgetStack } from '../../core/ssh/hostAccess';
import type { HostOwner } from '../../core/ssh/hostOwner';
import { sshPaths, type SshPaths } from '../../core/ssh/sshPaths';
import { AWS_OPTION_SPEC } from '../awsOptions';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../cliCommand';
import { DEFAULT_DEPS, finishInTerminal, withAwsSession, type DeployCliDeps } from '../deployDeps';

/** A deleted stack's SSH entries go with it; failing to clean them up does not fail the deletion. */
async function forgetSshHosts(paths: SshPaths, stack: HostOwner, io: CliIo): Promise<void> {
  try {
    const removed = await forgetStack(paths, stack);
    if (removed.length > 0) io.out(`SSH config: removed ${removed.join(', ')}\n`);
  } catch (error) {
    io.err(`Could not remove the SSH config entries of ${stack.name}: ${(error as Error).message}. Remove them with: imaging-lab ssh-config remove --alias <alias>\n`);
  }
}

export function makeDeleteCommand(deps: DeployCliDeps = DEFAULT_DEPS): CliCommand {
  return {
    async run(args, io) {
      const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, strict: true, options: { ...AWS_OPTION_SPEC, yes: { type: 'boolean' }, 'ssh-dir': { type: 'string' } } });
      const [stackName, extra] = positionals;
      if (!stackName) throw new UsageError('give the name of the stack to delete.');
      if (extra) throw new UsageError(`unexpected argument '${extra}'.`);
      return withAwsSession(deps, values, io, async (session, region) => {
        if (!values.yes && !(await deps.confirm(`Delete stack ${stackName} in ${region} and everything it created?`, io))) {
          io.err('Nothing was deleted. Re-run with --yes to delete without asking.\n');
          return EXIT.failure;
        }
        const expected = await expectedFromStack(session.clients, region, stackName, io.signal);
        const { stackId } = await deleteStack(session.clients, region, stackName, newRequestToken(), {}, io.signal);
        io.out(`Deleting ${stackName} in ${region}: ${stackId}\n`);
        const code = await finishInTerminal(session, region, stackId, stackName, io, deps, { operation: 'delete', expected }, 'deleted');
        if (code === EXIT.ok) await forgetSshHosts(sshPaths(values['ssh-dir']), { name: stackName, region, stackId }, io);
        return code;
      });
    },
  };
}

export const deleteCommand: CliCommand = makeDeleteCommand();
