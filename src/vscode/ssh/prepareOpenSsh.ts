import * as vscode from 'vscode';
import { sshCommandFor } from '../../core/ssh/sshCommand';
import { prepareOpenSshAccess, type OpenSshAccess } from '../../core/ssh/sshAccess';
import type { Services } from '../services';
import { resolveSshTarget, withSshProgress, type SshTarget } from './sshTarget';

/** Fetches the key, pins host keys and writes the managed config; shared by the OpenSSH commands. */
export async function prepareForOpenSsh(services: Services, node: unknown, placeHolder: string): Promise<{ target: SshTarget; access: OpenSshAccess }> {
  const target = await resolveSshTarget(services, node, placeHolder);
  const access = await withSshProgress(`Preparing SSH for ${target.plan.alias}`, (progress, signal) =>
    prepareOpenSshAccess(target.deps(progress, signal), target.plan),
  );
  services.output.info(`SSH config: ${access.alias} written (key ${access.keyFile}, unpinned: ${access.unpinned.join(', ') || 'none'})`);
  if (typeof access.include === 'object') void vscode.window.showWarningMessage(access.include.error);
  if (access.unpinned.length > 0) {
    void vscode.window.showWarningMessage(
      `${access.unpinned.join(', ')} has not published host keys in its console output yet, so OpenSSH will refuse it (StrictHostKeyChecking yes). Wait a minute and run the command again.`,
    );
  }
  return { target, access };
}

/** `ssh <alias>`, or with -F when OpenSSH would not read the ~/.ssh/config that includes ours. */
export function sshCommandLine(target: SshTarget, access: OpenSshAccess): string {
  return sshCommandFor(target.deps().paths, access.alias, access.include);
}
