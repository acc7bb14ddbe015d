import type { CliCommand } from './cliCommand';
import { sendCommand } from './commands/send';
import { stacksCommand } from './commands/stacks';

/** Every CLI sub-command, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [stacksCommand, sendCommand];
