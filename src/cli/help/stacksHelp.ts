import type { CliCommandHelp } from '../cliCommand';

export const stacksHelp: CliCommandHelp = {
  name: 'stacks',
  summary: 'list deployed stacks grouped by kind',
  usage: `Usage: imaging-lab stacks [--profile P] [--region R ...] [--json]

Lists the stacks of the chosen regions grouped by kind (MDE, Orthanc, STOW-RS, Lab, Tator, Other),
in every status, as the Imaging Lab explorer shows them.

  --profile P   AWS profile (default: AWS_PROFILE, then the default chain)
  --region R    region to query; repeat for several (default: the profile's region)
  --json        print the inventory as JSON

Exit codes: 0 listed, 1 an AWS error (message on stderr), 2 usage error.
`,
};
