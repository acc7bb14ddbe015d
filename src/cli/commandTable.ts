import type { CliCommand } from './cliCommand';
import { sendCommand } from './commands/send';
import { sshCommand } from './commands/ssh';
import { sshConfigCommand } from './commands/sshConfig';
import { stacksCommand } from './commands/stacks';

/** Every CLI sub-command, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [stacksCommand, sendCommand, sshConfigCommand, sshCommand];
