import type { CliCommandHelp } from '../cliCommand';

const COMMON = `  --instance ID  only this instance (id, role or logical id); default: every instance of the stack
  --profile P    AWS profile (default: AWS_PROFILE, then the default chain)
  --region R     stack region (default: the profile's region)`;

const USAGE: Readonly<Record<'stop' | 'start', string>> = {
  stop: `Usage: imaging-lab stop STACK [--instance ID] [--yes] [--region R] [--profile P]

Stops the EC2 instances of a stack and waits until they are stopped, one progress line per change
(Ctrl-C stops waiting; the instances keep stopping). Prints what stopping keeps (EBS volumes,
Elastic IPs) and loses (instance-store data, a public IP that is not elastic); an instance with
instance-store data is stopped only after a yes, or with --yes. Stopped instances cost their
storage only. An instance already stopped is left as it is.

${COMMON}
  --yes          stop even when instance-store data would be lost

Exit codes: 0 stopped (or already stopped), 1 failed, refused or cancelled, 2 usage error.
`,
  start: `Usage: imaging-lab start STACK [--instance ID] [--region R] [--profile P] [--ssh-dir DIR]

Starts the stopped EC2 instances of a stack and waits until they run (Ctrl-C stops waiting).
When an instance comes back at a new public address, the SSH config Imaging Lab manages
(DIR/imaging-lab/config) is rewritten and its pinned host keys move to the new address.
When AWS has no capacity for the type, says what to do (wait, another type or zone).

${COMMON}
  --ssh-dir DIR  ssh folder (default: ~/.ssh)

Exit codes: 0 running (or already running), 1 failed or cancelled, 2 usage error.
`,
};

export const stopHelp: CliCommandHelp = { name: 'stop', summary: "stop a stack's instances; their storage is kept and still billed", usage: USAGE.stop };

export const startHelp: CliCommandHelp = { name: 'start', summary: "start a stack's instances and update the SSH config", usage: USAGE.start };
