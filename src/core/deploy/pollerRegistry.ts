import { StackEventPoller, type PollerListener, type PollerOptions } from './eventPoller';

/**
 * One poller per stack, shared by everything that shows its progress (panel, tree, status bar,
 * CLI): the second listener costs no extra API calls.
 */
export class PollerRegistry {
  private readonly pollers = new Map<string, StackEventPoller>();

  static key(region: string, stackId: string): string {
    return `${region}|${stackId}`;
  }

  /** The running poller of the stack, or a new one made from `options`. */
  acquire(options: PollerOptions): StackEventPoller {
    const key = PollerRegistry.key(options.region, options.stackId);
    const existing = this.pollers.get(key);
    if (existing && (existing.state === 'running' || existing.state === 'paused-auth')) return existing;
    const poller = new StackEventPoller(options);
    this.pollers.set(key, poller);
    void poller.start().finally(() => {
      if (this.pollers.get(key) === poller) this.pollers.delete(key);
    });
    return poller;
  }

  /** Subscribes to the stack's poller; the poller stops when its last listener leaves. */
  subscribe(options: PollerOptions, listener: PollerListener): () => void {
    const poller = this.acquire(options);
    const unsubscribe = poller.subscribe(listener);
    return () => {
      unsubscribe();
      if (poller.listenerCount === 0) poller.stop();
    };
  }

  find(region: string, stackId: string): StackEventPoller | undefined {
    return this.pollers.get(PollerRegistry.key(region, stackId));
  }

  /** Running deployments (for the status-bar spinner). */
  active(): StackEventPoller[] {
    return [...this.pollers.values()].filter((p) => p.state === 'running' || p.state === 'paused-auth');
  }

  /** After re-authentication: every paused poller continues. */
  resumeAll(...args: Parameters<StackEventPoller['resume']>): void {
    for (const p of this.pollers.values()) p.resume(...args);
  }

  dispose(): void {
    for (const p of this.pollers.values()) p.stop();
    this.pollers.clear();
  }
}
