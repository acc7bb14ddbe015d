import * as vscode from 'vscode';
import { addressMoves, followAddressMoves } from '../../core/power/followAddress';
import { reopenedText, reopenTunnels, suspendTunnels } from '../../core/power/followTunnels';
import { PowerTargetError, powerTargets } from '../../core/power/powerTargets';
import type { PowerAction, PowerInstance, PowerResult } from '../../core/power/powerTypes';
import { runPower } from '../../core/power/runPower';
import { sshPaths } from '../../core/ssh/sshPaths';
import type { StackInfo } from '../../core/stacks/stackInfo';
import { listStackInstances, type InstanceInfo } from '../../core/stacks/stackInstances';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { setTunnelContext } from '../paletteContext';
import { withSshProgress } from '../ssh/sshTarget';
import { required } from '../userCancelled';
import { confirmPower } from './powerConfirm';

const TITLE: Readonly<Record<PowerAction, string>> = { stop: 'Stopping', start: 'Starting', reboot: 'Rebooting' };

/** Tree nodes that carry an instance (InstanceNode) expose it as `instance`. */
function nodeInstance(node: unknown): InstanceInfo | undefined {
  const instance = (node as { instance?: InstanceInfo } | undefined)?.instance;
  return typeof instance?.instanceId === 'string' ? instance : undefined;
}

/** From the palette: the instance of the stack to act on (the only one, or picked). */
async function pickInstance(services: Services, stack: StackInfo, action: PowerAction): Promise<string> {
  const instances = await listStackInstances(services.session.session.clients, stack.region, stack.stackId);
  if (instances.length === 1) return instances[0]!.instanceId;
  const picked = await vscode.window.showQuickPick(
    instances.map((i) => ({ label: i.role ?? i.name ?? i.logicalId, description: `${i.instanceId} · ${i.state}`, id: i.instanceId })),
    { placeHolder: `${action[0]!.toUpperCase()}${action.slice(1)} which instance of ${stack.stackName}?` },
  );
  return required(picked).id;
}

/** The summary notification: one line per instance, an error when any failed. */
function report(stack: StackInfo, results: readonly PowerResult[], sshNote: string): void {
  const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'refused');
  const text = `${stack.stackName}: ${results.map((r) => r.message).join(' ')}${sshNote}`;
  if (failed.length > 0) void vscode.window.showErrorMessage(text);
  else void vscode.window.showInformationMessage(text);
}

/** After a start: the managed SSH entries (and their pins) follow the instances to their new address. */
async function followAddresses(services: Services, stack: StackInfo, results: readonly PowerResult[], instances: readonly PowerInstance[]): Promise<string> {
  try {
    const owner = { name: stack.stackName, region: stack.region, stackId: stack.stackId };
    const report = await followAddressMoves(sshPaths(), owner, addressMoves(results, instances));
    if (report.rewritten.length === 0) return '';
    services.output.info(`SSH config follows ${stack.stackName} to its new address: ${report.rewritten.join(', ')} (${report.pinsMoved} host keys moved with an address)`);
    return ` SSH config updated for the new address (${report.rewritten.join(', ')}).`;
  } catch (error) {
    services.output.warn(`Updating the SSH config of ${stack.stackName}: ${(error as Error).message}`);
    return ` The SSH config could not be updated (${(error as Error).message}); run "Write SSH Config" on the stack.`;
  }
}

/**
 * After a start: the tunnels of this window to the started instances come back on their local
 * ports (through the new address), and so do closed tunnels to instances that were already running
 * (started outside VS Code); a port taken meanwhile is explained with what to do.
 */
async function followTunnels(services: Services, results: readonly PowerResult[]): Promise<string> {
  const ids = (outcome: PowerResult['outcome']) => results.filter((r) => r.outcome === outcome).map((r) => r.instanceId);
  const [started, running] = [ids('done'), ids('unchanged')];
  const registry = services.tunnels();
  if (registry.to([...started, ...running]).length === 0) return '';
  const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reopening SSH tunnels…' }, () => reopenTunnels(registry, started, running));
  setTunnelContext(registry.list().length);
  for (const t of report.reopened) services.output.info(`Tunnel ${t.id}: ${t.url} -> ${t.label ?? t.remotePort} reopened via ${t.origin?.host ?? '?'}`);
  for (const p of report.problems) {
    services.output.warn(p.message);
    void vscode.window.showWarningMessage(p.message);
  }
  return reopenedText(report);
}

/**
 * Stop, Start or Reboot one instance (from its node, or picked) or all of a stack's instances:
 * reads their state, asks before a stop or reboot (saying what is kept and lost), then acts with a
 * cancellable progress notification; the tree redraws as the waiter sees states change, and the
 * stack's cost figure is computed again.
 */
export async function powerFlow(services: Services, node: unknown, action: PowerAction, scope: 'instance' | 'stack'): Promise<void> {
  const stack = await resolveStack(services, node, (s) => !s.status.startsWith('DELETE_'), `${TITLE[action]} instances of which stack?`);
  const only = scope === 'instance' ? (nodeInstance(node)?.instanceId ?? (await pickInstance(services, stack, action))) : undefined;
  const { clients } = services.session.session;
  const instances = await Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the instances of ${stack.stackName}…` }, () => powerTargets(clients, stack, only)),
  ).catch((error: unknown) => {
    // Nothing to do is not a failure: a stack whose services run elsewhere (ECS, EKS) has no instance of its own.
    if (error instanceof PowerTargetError && error.noInstances) return undefined;
    throw error;
  });
  if (!instances) {
    void vscode.window.showInformationMessage(`${stack.stackName} has no EC2 instances of its own, so there is nothing to ${action}.`);
    return;
  }
  const tunnels = services.tunnels();
  if (action !== 'start') await confirmPower(action, stack, instances, tunnels.to(instances.filter((i) => i.state !== 'stopped').map((i) => i.instanceId)));
  const results = await withSshProgress(`${TITLE[action]} ${only ? instances[0]?.label ?? only : `the instances of ${stack.stackName}`}`, (progress, signal) =>
    runPower(
      {
        clients,
        region: stack.region,
        signal,
        progress: (p) => {
          progress(p.message);
          if (p.states) services.stacksTree.redraw();
        },
      },
      action,
      instances,
    ),
  ).then(
    (r) => r,
    (error: Error) => {
      services.costs().invalidate(stack.stackId);
      services.stacksTree.redraw();
      throw error;
    },
  );
  const sshNote = action === 'start' ? (await followAddresses(services, stack, results, instances)) + (await followTunnels(services, results)) : '';
  if (action === 'stop') await suspendTunnels(tunnels, results.filter((r) => r.stateAfter === 'stopped' || r.outcome === 'unchanged').map((r) => r.instanceId));
  for (const r of results) services.output.info(`${action} ${stack.stackName} ${r.instanceId}: ${r.outcome}: ${r.message}`);
  services.costs().invalidate(stack.stackId);
  services.stacksTree.redraw();
  report(stack, results, sshNote);
}
