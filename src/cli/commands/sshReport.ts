import type { AddHostResult } from '../../core/ssh/hostAccess';
import type { SshPaths } from '../../core/ssh/sshPaths';
import type { CliIo } from '../cliCommand';

/** Tells what happened to the user's ssh config; a problem there is a warning, not a failure. */
export function includeReport(include: AddHostResult['include'], paths: SshPaths, io: CliIo): void {
  if (typeof include === 'object') {
    io.err(`Warning: ${include.error}\nUntil then use: ssh -F ${paths.managedConfig} <alias>\n`);
  } else if (include !== 'present') {
    io.out(`${include === 'created' ? 'Created' : 'Updated'} ${paths.userConfig} to include the managed file (previous version kept as config.bak).\n`);
  }
}
