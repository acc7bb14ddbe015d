import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { offersAction } from '../../core/kinds/kindActions';
import { kubeconfigPath, writeEksKubeconfig } from '../../core/kinds/tator/kubeconfigFile';
import { tatorClusterName } from '../../core/kinds/tator/tatorStack';
import { describeStack } from '../../core/ssh/describeStack';
import { sessionFromOptions } from '../awsOptions';
import { EXIT, UsageError, type CliCommand } from '../cliCommand';

const USAGE = `Usage: imaging-lab kubeconfig <tator-stack> [--region R] [--profile P] [--kubeconfig FILE] [--make-current]

Writes the kubeconfig entry of a Tator stack's EKS cluster (EKS DescribeCluster): a cluster, a
user that authenticates with "aws eks get-token" (with this profile) and a context, all named by
the cluster ARN as "aws eks update-kubeconfig" names them. Other contexts, comments and the
current context are kept; the previous file is copied to FILE.imaging-lab-<time>.bak.

  --kubeconfig FILE  file to write (default: the first KUBECONFIG entry, else ~/.kube/config)
  --make-current     make the new context the current one (default: only when there is none)
  --region R         stack region (default: the profile's region)
  --profile P        AWS profile (default: AWS_PROFILE, then the default chain)

Exit codes: 0 written (context name on stdout), 1 failure (message on stderr), 2 usage error.
`;

export const kubeconfigCommand: CliCommand = {
  name: 'kubeconfig',
  summary: "write a Tator stack's EKS cluster into your kubeconfig",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { region: { type: 'string' }, profile: { type: 'string' }, kubeconfig: { type: 'string' }, 'make-current': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    const [stackName, ...extra] = positionals;
    if (!stackName || extra.length > 0) throw new UsageError('give exactly one stack name.');
    const session = await sessionFromOptions(values.profile, values.region ? [values.region] : [], io.env);
    const region = session.regions[0] ?? 'us-east-1';
    try {
      const stack = await describeStack(session.clients, region, stackName, io.signal);
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
    } finally {
      await session.clients.dispose();
    }
  },
};
