import * as vscode from 'vscode';
import type { StackInfo } from '../../core/stacks/stackInfo';
import { listStackInstances, type InstanceInfo } from '../../core/stacks/stackInstances';
import type { AccessDeps } from '../../core/ssh/sshAccess';
import { planSsh, type SshHostPlan } from '../../core/ssh/sshPlan';
import { sshPaths } from '../../core/ssh/sshPaths';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';
import { redactingLog } from '../log/redactingLog';

/** What SSH commands act on: a stack, the planned host and the core dependencies. */
export interface SshTarget {
  readonly stack: StackInfo;
  readonly plan: SshHostPlan;
  deps(progress?: (message: string) => void, signal?: AbortSignal): AccessDeps;
}

/** Tree nodes that carry an instance (InstanceNode) expose it as `instance`. */
function nodeInstance(node: unknown): InstanceInfo | undefined {
  const instance = (node as { instance?: InstanceInfo } | undefined)?.instance;
  return typeof instance?.instanceId === 'string' ? instance : undefined;
}

/** The stack and instance from the node, or picked (stack, then role when there are several). */
export async function resolveSshTarget(services: Services, node: unknown, placeHolder: string): Promise<SshTarget> {
  const stack = await resolveStack(services, node, undefined, placeHolder);
  const { clients, profile } = services.session.session;
  const instances = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Listing instances of ${stack.stackName}…` },
    () => listStackInstances(clients, stack.region, stack.stackName),
  );
  let role = nodeInstance(node)?.instanceId;
  if (!role && instances.length > 1) {
    const picked = await vscode.window.showQuickPick(
      instances.map((i) => ({ label: i.role ?? i.logicalId, description: `${i.instanceId} · ${i.state}`, id: i.instanceId })),
      { placeHolder: `Which instance of ${stack.stackName}?` },
    );
    role = required(picked).id;
  }
  const plan = planSsh(stack, instances, role);
  return {
    stack,
    plan,
    deps: (progress, signal) => ({
      clients,
      paths: sshPaths(),
      region: stack.region,
      ...(profile ? { profile } : {}),
      ...(progress ? { progress } : {}),
      ...(signal ? { signal } : {}),
      log: redactingLog(services.output),
    }),
  };
}

/** Runs long SSH preparation with a cancellable notification; the AbortSignal follows the button. */
export function withSshProgress<T>(title: string, work: (progress: (m: string) => void, signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort(Object.assign(new Error('Cancelled'), { name: 'AbortError' })));
    return work((message) => progress.report({ message }), controller.signal);
  });
}
