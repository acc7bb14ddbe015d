import type { CliCommandHelp } from '../cliCommand';

export const deleteHelp: CliCommandHelp = {
  name: 'delete',
  summary: 'delete a stack, explaining anything left behind',
  usage: `Usage: imaging-lab delete NAME [--yes] [--region R] [--profile P] [--ssh-dir DIR]

Deletes a stack and follows the deletion; resources CloudFormation keeps (DeletionPolicy: Retain)
or cannot delete (e.g. a bucket that still holds objects) are listed with what to do. Once the
stack is gone, its SSH config entries, pinned host keys and the key files only it used are removed.

  --yes         do not ask for confirmation
  --ssh-dir DIR ssh folder whose managed entries are cleaned up (default: ~/.ssh)
  --profile P   AWS profile (default: AWS_PROFILE, then the default chain)
  --region R    region (default: the profile's region)

Exit codes: 0 deleted, 1 deletion failed or was refused, 2 usage error.
`,
};
