import * as vscode from 'vscode';
import { tunnelName } from '../../core/power/followTunnels';
import type { PowerAction, PowerInstance } from '../../core/power/powerTypes';
import { stopImpact, stopImpactText } from '../../core/power/stopImpact';
import type { Tunnel } from '../../core/ssh/tunnels';
import type { StackInfo } from '../../core/stacks/stackInfo';
import { UserCancelledError } from '../userCancelled';

/** The confirm button of each action (tests answer the dialog with these). */
export const POWER_CONFIRM = { stop: 'Stop', stopErasing: 'Stop and Erase Instance Store', reboot: 'Reboot' } as const;

/** A reboot drops the SSH tunnels to the instance and does not reopen them (it has no state to wait for). */
function droppedTunnels(tunnels: readonly Tunnel[]): string {
  return tunnels.length === 0 ? '' : ` These SSH tunnels drop and are not reopened by themselves: ${tunnels.map(tunnelName).join(', ')}; open them again once it is back.`;
}

function who(instances: readonly PowerInstance[]): string {
  return instances.map((i) => `${i.label} (${i.instanceId}, ${i.state})`).join(', ');
}

/**
 * A modal question before a stop or reboot. A stop says what it keeps and loses (instance-store
 * data is named, with its own button; so are the tunnels of this window that close); instances
 * already stopped are not asked about.
 */
export async function confirmPower(action: Exclude<PowerAction, 'start'>, stack: StackInfo, instances: readonly PowerInstance[], tunnels: readonly Tunnel[] = []): Promise<void> {
  if (action === 'reboot') {
    const choice = await vscode.window.showWarningMessage(
      `Reboot ${who(instances)} of ${stack.stackName}?`,
      { modal: true, detail: `Running jobs, notebooks and SSH sessions end.${droppedTunnels(tunnels)} Addresses, EBS volumes and instance-store data stay; billing goes on.` },
      POWER_CONFIRM.reboot,
    );
    if (choice !== POWER_CONFIRM.reboot) throw new UserCancelledError();
    return;
  }
  const running = instances.filter((i) => i.state !== 'stopped');
  if (running.length === 0) return;
  const impact = stopImpact(running, tunnels);
  const button = impact.losesData ? POWER_CONFIRM.stopErasing : POWER_CONFIRM.stop;
  const choice = await vscode.window.showWarningMessage(
    `Stop ${who(running)} of ${stack.stackName}?`,
    { modal: true, detail: `${stopImpactText(impact)}\n\nA stopped instance costs only its storage (and its Elastic IP). Start it again from its node.` },
    button,
  );
  if (choice !== button) throw new UserCancelledError();
}
