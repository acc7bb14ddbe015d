import { parseArgs } from 'node:util';
import { listStackInstances } from '../../core/stacks/stackInstances';
import { prepareOpenSshAccess } from '../../core/ssh/sshAccess';
import { planSsh } from '../../core/ssh/sshPlan';
import { sshCommandFor } from '../../core/ssh/sshCommand';
import { sshPaths } from '../../core/ssh/sshPaths';
import { EXIT, type CliCommand } from '../cliCommand';
import { onNamedStack } from '../namedStack';
import { includeReport } from './sshConfig';


export const sshCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { role: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' }, 'ssh-dir': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    return onNamedStack(positionals, values, io, async ({ session, region, stack }) => {
      const instances = await listStackInstances(session.clients, region, stack.stackName, io.signal);
      const plan = planSsh(stack, instances, values.role);
      const paths = sshPaths(values['ssh-dir']);
      const access = await prepareOpenSshAccess(
        { clients: session.clients, paths, region, ...(session.profile ? { profile: session.profile } : {}), progress: (m) => io.err(`${m}\n`), signal: io.signal },
        plan,
      );
      includeReport(access.include, paths, io);
      for (const alias of access.unpinned) {
        io.err(`Warning: ${alias} has no host keys in its console output yet (still booting?); OpenSSH will refuse it until you run this command again.\n`);
      }
      if (access.instanceConnect) io.err('The temporary key is accepted for 60 seconds: connect now.\n');
      io.out(`${sshCommandFor(paths, access.alias, access.include)}\n`);
      return EXIT.ok;
    });
  },
};
