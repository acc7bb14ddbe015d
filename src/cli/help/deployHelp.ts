import { KIND_IDS } from '../../core/kinds/kinds';
import type { CliCommandHelp } from '../cliCommand';

export const deployHelp: CliCommandHelp = {
  name: 'deploy',
  summary: 'deploy a kind or a CloudFormation template, with live progress',
  usage: `Usage: imaging-lab deploy <kind> [--stack-name NAME] [options]
       imaging-lab deploy --template FILE --stack-name NAME [options]

Creates a stack from a bundled kind (${KIND_IDS.join(', ')}) or any CloudFormation template,
prints one line per resource change while it deploys, then the outputs.

  --param KEY=VALUE     template parameter; repeat for several
  --tag KEY=VALUE       extra stack tag; repeat for several
  --on-failure MODE     rollback (default), delete, or keep (keep what was created for inspection)
  --termination-protection   turn on termination protection
  --profile P           AWS profile (default: AWS_PROFILE, then the default chain)
  --region R            region (default: the profile's region)
  --yes                 do not ask: create the stack (and the S3 staging bucket a template over 51,200 bytes needs)

A CIDR parameter left out is filled with your public IP as a /32. A zone parameter the template's
Metadata ImagingLab::ParameterHints ties to an instance type (mde) is filled, when empty, with the
first zone that offers the type, and a zone that does not offer it is refused.

Exit codes: 0 deployed, 1 failed or rolled back (root cause on stdout), 2 usage or parameter error.
`,
};
