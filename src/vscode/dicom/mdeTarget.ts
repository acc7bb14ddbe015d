import * as vscode from 'vscode';
import { openMdeSendTarget, type MdeSendTarget } from '../../core/kinds/mde/mdeSendTarget';
import { MDE_PHI_WARNING, type MdeSendChoice } from '../../core/kinds/mde/sendPlan';
import { connectBuiltIn } from '../../core/ssh/sshAccess';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { Services } from '../services';
import { resolveSshTarget, withSshProgress } from '../ssh/sshTarget';
import { withHostKeyPrompt } from '../ssh/withHostKeyPrompt';
import { required, UserCancelledError } from '../userCancelled';
import type { DicomTarget } from './dicomTargets';

/** Tunnel by default; the open port only after the seed's PHI warning was shown and accepted. */
async function chooseRoute(): Promise<MdeSendChoice> {
  const picked = required(
    await vscode.window.showQuickPick(
      [
        { label: '$(lock) Through an SSH tunnel', description: 'recommended: nothing leaves the encrypted SSH connection', route: 'tunnel' as const },
        { label: '$(warning) Over the open MIG port', description: 'plain HTTP across the internet; de-identified data only', route: 'openPort' as const },
      ],
      { placeHolder: 'How should DICOM reach the MONAI Informatics Gateway?' },
    ),
  );
  if (picked.route === 'tunnel') return { route: 'tunnel' };
  const go = 'Send Unencrypted';
  const answer = await vscode.window.showWarningMessage('Send over the open, unencrypted MIG port?', { modal: true, detail: `${MDE_PHI_WARNING}\n\nThe template keeps MIG's port closed: add a /32 rule for it to the stack's security group first.` }, go);
  if (answer !== go) throw new UserCancelledError();
  return { route: 'openPort', acceptedPhiWarning: true };
}

/**
 * An MDE stack as a DICOM target. MIG's DICOMweb port is closed and unencrypted, so by default the
 * requests go through an ssh2 tunnel to the instance's loopback; `release` closes the tunnel.
 */
export function mdeStackTarget(services: Services, stack: StackInfo): DicomTarget {
  let opened: MdeSendTarget | undefined;
  return {
    id: `stack:${stack.stackId}`,
    label: stack.stackName,
    description: `MONAI Informatics Gateway · ${stack.region}`,
    resolve: async (signal) => {
      const choice = await chooseRoute();
      const ssh = await resolveSshTarget(services, { stack }, 'MONAI Deploy Express instance');
      // Connecting can take as long as the SSH ready timeout: show it, and let it be cancelled.
      opened = await withSshProgress(`Connecting to ${stack.stackName}…`, (progress, cancelled) => {
        const stop = signal ? AbortSignal.any([signal, cancelled]) : cancelled;
        const connect = () => withHostKeyPrompt((acceptOnce) => connectBuiltIn(ssh.deps(progress, stop), ssh.plan, acceptOnce));
        return openMdeSendTarget(stack, choice, connect);
      });
      services.output.info(`MDE ${stack.stackName}: sending via ${opened.plan.route === 'tunnel' ? `SSH tunnel ${opened.url}` : opened.url}`);
      return { url: opened.url };
    },
    release: async () => {
      await opened?.close();
      opened = undefined;
    },
  };
}
