import type { CliCommandHelp } from '../cliCommand';

export const sshHelp: CliCommandHelp = {
  name: 'ssh',
  summary: 'fetch keys, pin host keys and write the SSH config for a stack',
  usage: `Usage: imaging-lab ssh <stack> [--role R] [--region R] [--profile P] [--ssh-dir DIR]

Prepares SSH access to an instance of a deployed stack and prints the host alias to use:
fetches the stack's private key from Parameter Store (or pushes a temporary key with EC2
Instance Connect), pins the host keys from the instance's console output, and writes the
host (and its jump host) into DIR/imaging-lab/config, included from DIR/config.

  --role R      instance role (tag imaging-lab:role) when the stack has several instances
  --region R    stack region (default: the profile's region)
  --profile P   AWS profile (default: AWS_PROFILE, then the default chain)
  --ssh-dir DIR ssh folder (default: ~/.ssh)

Exit codes: 0 ready (alias on stdout), 1 failure (message on stderr), 2 usage error.
`,
};
