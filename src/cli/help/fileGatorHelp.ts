import type { CliCommandHelp } from '../cliCommand';

export const fileGatorHelp: CliCommandHelp = {
  name: 'filegator',
  summary: "print the SSH tunnel to a research lab's private FileGator, through its Jupyter host",
  usage: `Usage: imaging-lab filegator <lab-stack> [--local-port N] [--region R] [--profile P] [--ssh-dir DIR]

FileGator has no public address. Prepares SSH access to the lab's Jupyter instance (the jump host:
key, pinned host keys, the managed SSH config entry, as "imaging-lab ssh" does) and prints the
OpenSSH line that forwards a local port on 127.0.0.1 to FileGator's private address and port
(from the stack's outputs). Run it, then open http://127.0.0.1:<port>/.

  --local-port N  local port (default: FileGator's own, 8080)
  --region R      stack region (default: the profile's region)
  --profile P     AWS profile (default: AWS_PROFILE, then the default chain)
  --ssh-dir DIR   ssh folder (default: ~/.ssh)

Exit codes: 0 ready (the ssh line on stdout), 1 failure (message on stderr), 2 usage error.
`,
};
