import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { offersAction } from '../../core/kinds/kindActions';
import { kubeconfigPath, writeEksKubeconfig } from '../../core/kinds/tator/kubeconfigFile';
import { tatorClusterName } from '../../core/kinds/tator/tatorStack';
import { EXIT, type CliCommand } from '../cliCommand';
import { onNamedStack } from '../namedStack';

export const kubeconfigCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { region: { type: 'string' }, profile: { type: 'string' }, kubeconfig: { type: 'string' }, 'make-current': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    return onNamedStack(positionals, values, io, async ({ session, region, stack }) => {
      if (!offersAction(stack, 'writeKubeconfig')) throw new Error(`${stack.stackName} is not a complete Tator stack (${stack.status}); there is no cluster to write.`);
      const clusterName = tatorClusterName(stack);
      const path = values.kubeconfig ?? kubeconfigPath(io.env, io.env.HOME ?? homedir());
      const written = await writeEksKubeconfig(
        await session.clients.eks(region),
        { clusterName, region, path, ...(session.profile ? { profile: session.profile } : {}), ...(values['make-current'] ? { makeCurrent: true } : {}) },
        io.signal,
      );
      io.err(`${written.changed ? 'Wrote' : 'Already up to date:'} ${written.path}${written.backup ? ` (previous file kept as ${written.backup})` : ''}; current context: ${written.currentContext ?? '(none)'}.\n`);
      if (!written.formattingKept) io.err('Note: the file had flow-style sections, so their spacing was rewritten (comments and order kept).\n');
      io.out(`${written.contextName}\n`);
      return EXIT.ok;
    });
  },
};
