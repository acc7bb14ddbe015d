import type { CliCommandHelp } from '../cliCommand';

export const kubeconfigHelp: CliCommandHelp = {
  name: 'kubeconfig',
  summary: "write a Tator stack's EKS cluster into your kubeconfig",
  usage: `Usage: imaging-lab kubeconfig <tator-stack> [--region R] [--profile P] [--kubeconfig FILE] [--make-current]

Writes the kubeconfig entry of a Tator stack's EKS cluster (EKS DescribeCluster): a cluster, a
user that authenticates with "aws eks get-token" (with this profile) and a context, all named by
the cluster ARN as "aws eks update-kubeconfig" names them. Other contexts, comments and the
current context are kept; the previous file is copied to FILE.imaging-lab-<time>.bak.

  --kubeconfig FILE  file to write (default: the first KUBECONFIG entry, else ~/.kube/config)
  --make-current     make the new context the current one (default: only when there is none)
  --region R         stack region (default: the profile's region)
  --profile P        AWS profile (default: AWS_PROFILE, then the default chain)

Exit codes: 0 written (context name on stdout), 1 failure (message on stderr), 2 usage error.
`,
};
