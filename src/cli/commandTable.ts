import type { CliCommand } from './cliCommand';
import { deleteCommand } from './commands/delete';
import { deployCommand } from './commands/deploy';
import { kubeconfigCommand } from './commands/kubeconfig';
import { sendCommand } from './commands/send';
import { sshCommand } from './commands/ssh';
import { sshConfigCommand } from './commands/sshConfig';
import { stacksCommand } from './commands/stacks';

/** Every CLI sub-command, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [stacksCommand, deployCommand, deleteCommand, sendCommand, sshConfigCommand, sshCommand,
  // Tator (issue 15)
  kubeconfigCommand,
];
