import type { CliCommandEntry } from './cliCommand';
import { deleteHelp } from './help/deleteHelp';
import { deployHelp } from './help/deployHelp';
import { fileGatorHelp } from './help/fileGatorHelp';
import { kubeconfigHelp } from './help/kubeconfigHelp';
import { startHelp, stopHelp } from './help/powerHelp';
import { orthancSettingsHelp } from './help/orthancSettingsHelp';
import { sendHelp } from './help/sendHelp';
import { sshConfigHelp } from './help/sshConfigHelp';
import { sshHelp } from './help/sshHelp';
import { stacksHelp } from './help/stacksHelp';

/**
 * Every CLI sub-command, in the order `--help` lists them. A command's module (and the AWS SDK,
 * ssh or DICOM code it imports) is loaded only when that command runs: `--help` loads none.
 */
export const CLI_COMMANDS: readonly CliCommandEntry[] = [
  { ...stacksHelp, load: async () => (await import('./commands/stacks')).stacksCommand },
  { ...deployHelp, load: async () => (await import('./commands/deploy')).deployCommand },
  { ...deleteHelp, load: async () => (await import('./commands/delete')).deleteCommand },
  { ...sendHelp, load: async () => (await import('./commands/send')).sendCommand },
  { ...sshConfigHelp, load: async () => (await import('./commands/sshConfig')).sshConfigCommand },
  { ...sshHelp, load: async () => (await import('./commands/ssh')).sshCommand },
  { ...stopHelp, load: async () => (await import('./commands/stop')).stopCommand },
  { ...startHelp, load: async () => (await import('./commands/start')).startCommand },
  // Tator (issue 15)
  { ...kubeconfigHelp, load: async () => (await import('./commands/kubeconfig')).kubeconfigCommand },
  // orthanc kind
  { ...orthancSettingsHelp, load: async () => (await import('./commands/orthancSettings')).orthancSettingsCommand },
  // lab kind (issue 14)
  { ...fileGatorHelp, load: async () => (await import('./commands/filegator')).fileGatorCommand },
];
