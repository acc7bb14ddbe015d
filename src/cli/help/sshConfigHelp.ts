import type { CliCommandHelp } from '../cliCommand';

export const sshConfigHelp: CliCommandHelp = {
  name: 'ssh-config',
  summary: 'add or remove a host in the managed SSH config',
  usage: `Usage:
  imaging-lab ssh-config add --alias A --host H [--port P] --user U --identity-file F
                             [--known-host-key "TYPE BASE64" ...] [--proxy-jump J] [--ssh-dir DIR]
  imaging-lab ssh-config remove --alias A [--ssh-dir DIR]

Adds (or updates in place) or removes one Host in DIR/imaging-lab/config and makes DIR/config
include that file once, at its top; your own lines are never changed. Known host keys are pinned
in DIR/imaging-lab/known_hosts and the host gets StrictHostKeyChecking yes.

  --ssh-dir DIR   ssh folder (default: ~/.ssh)

Exit codes: 0 done, 1 failure (message on stderr), 2 usage error.
`,
};
