import * as vscode from 'vscode';
import { PollerRegistry } from '../../core/deploy/pollerRegistry';
import { expectedFromTemplate } from '../../core/deploy/progressReducer';
import { outcome } from '../../core/deploy/progressSelectors';
import type { ExpectedResource, ProgressState } from '../../core/deploy/progressTypes';
import { currentTemplate, expectedFromStack } from '../../core/deploy/stackResources';
import { trackDeployment } from '../../core/deploy/trackDeployment';
import type { Services } from '../services';
import type { ProgressTarget } from '../webviews/progress/protocol';
import { DeployStatusBar } from './deployStatusBar';
import { FinishWatch, notifyFinished, notifyPaused } from './deployNotifications';
import { targetKey } from './operationOf';

type Listener = (state: ProgressState) => void;

interface Tracked {
  readonly target: ProgressTarget;
  state?: ProgressState;
  readonly listeners: Set<Listener>;
  readonly abort: AbortController;
}

export interface FollowOptions {
  readonly expected?: readonly ExpectedResource[];
  /** The newest event before this operation (update/delete of an existing stack). */
  readonly afterEventId?: string;
  /** Started in this window: notify when it ends (an operation opened later notifies only if seen running). */
  readonly notify?: boolean;
}

/**
 * Every stack operation the window follows: one tracker per stack (sharing the core poller), the
 * status-bar spinner, completion notifications, and resume after re-authentication.
 */
export class Deployments implements vscode.Disposable {
  private readonly registry = new PollerRegistry();
  private readonly tracked = new Map<string, Tracked>();
  private readonly statusBar = new DeployStatusBar();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pausedNotified = new Set<string>();

  constructor(
    private readonly services: Services,
    private readonly openPanel: (target: ProgressTarget, options?: FollowOptions) => void,
  ) {
    // A new session (profile switched, SSO login, credentials file changed) resumes paused pollers.
    this.disposables.push(services.session.onDidChangeSession((s) => this.registry.resumeAll(s.clients)));
  }

  /** Opens (or reveals) the progress panel of a stack operation, following it. */
  show(target: ProgressTarget, options: FollowOptions = {}): void {
    this.openPanel(target, options);
  }

  latest(target: ProgressTarget): ProgressState | undefined {
    return this.tracked.get(targetKey(target.region, target.stackId))?.state;
  }

  running(): ProgressState[] {
    return [...this.tracked.values()].map((t) => t.state).filter((s): s is ProgressState => s !== undefined && outcome(s) === 'running');
  }

  resume(): void {
    this.registry.resumeAll(this.services.session.session.clients);
  }

  /** Starts following (once per stack) and subscribes `listener`; the returned disposable unsubscribes. */
  subscribe(target: ProgressTarget, listener: Listener, options: FollowOptions = {}): vscode.Disposable {
    const entry = this.follow(target, options);
    entry.listeners.add(listener);
    if (entry.state) listener(entry.state);
    return new vscode.Disposable(() => entry.listeners.delete(listener));
  }

  follow(target: ProgressTarget, options: FollowOptions = {}): Tracked {
    const key = targetKey(target.region, target.stackId);
    const existing = this.tracked.get(key);
    if (existing && (!existing.state || outcome(existing.state) === 'running')) return existing;
    const entry: Tracked = { target, listeners: existing?.listeners ?? new Set(), abort: new AbortController() };
    this.tracked.set(key, entry);
    void this.run(entry, options);
    return entry;
  }

  private async expectedFor(target: ProgressTarget): Promise<readonly ExpectedResource[]> {
    const clients = this.services.session.session.clients;
    try {
      if (target.operation === 'create') return expectedFromTemplate((await currentTemplate(clients, target.region, target.stackId)).template);
      return await expectedFromStack(clients, target.region, target.stackId);
    } catch {
      return []; // rows then appear as events arrive
    }
  }

  private async run(entry: Tracked, options: FollowOptions): Promise<void> {
    const { target } = entry;
    const key = targetKey(target.region, target.stackId);
    const expected = options.expected ?? (await this.expectedFor(target));
    const watch = new FinishWatch(options.notify === true);
    const final = await trackDeployment({
      clients: this.services.session.session.clients,
      region: target.region,
      stackId: target.stackId,
      stackName: target.stackName,
      operation: target.operation,
      expected,
      registry: this.registry,
      ...(target.kind ? { kind: target.kind } : {}),
      poller: options.afterEventId ? { afterEventId: options.afterEventId } : { fromOperationStart: true },
      signal: entry.abort.signal,
      onState: (state) => {
        watch.observe(state);
        // The tree follows the same poller: a stack status change seen here refreshes it at once.
        if (entry.state && entry.state.stackStatus !== state.stackStatus) void this.services.stacksTree.refresh();
        entry.state = state;
        for (const l of [...entry.listeners]) l(state);
        this.statusBar.update(this.running());
        if (state.pollerState === 'paused-auth' && !this.pausedNotified.has(key)) {
          this.pausedNotified.add(key);
          notifyPaused(state, () => this.resume());
        } else if (state.pollerState !== 'paused-auth') this.pausedNotified.delete(key);
      },
    });
    this.statusBar.update(this.running());
    if (!entry.abort.signal.aborted && outcome(final) !== 'running') {
      if (watch.shouldNotify()) notifyFinished(final, () => this.show(target), this.services.progressPanels().isVisible(target));
      void this.services.stacksTree.refresh();
      if (target.operation === 'delete' && final.stackStatus === 'DELETE_COMPLETE') void this.forgetSshHosts(target);
    }
  }

  /** A deleted stack's SSH config entries and pinned host keys go with it. */
  private async forgetSshHosts(target: ProgressTarget): Promise<void> {
    try {
      const [{ forgetStack }, { sshPaths }] = await Promise.all([import('../../core/ssh/hostAccess'), import('../../core/ssh/sshPaths')]);
      const removed = await forgetStack(sshPaths(), { name: target.stackName, region: target.region, stackId: target.stackId });
      if (removed.length > 0) this.services.output.info(`SSH config: removed ${removed.join(', ')} of deleted stack ${target.stackName}`);
    } catch (error) {
      this.services.output.warn(`Could not remove the SSH config entries of ${target.stackName}: ${(error as Error).message}. Remove them with: imaging-lab ssh-config remove --alias <alias>`);
    }
  }

  dispose(): void {
    for (const t of this.tracked.values()) t.abort.abort();
    this.registry.dispose();
    this.statusBar.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
