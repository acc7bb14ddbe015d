import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StackCost } from '../../core/billing/stackCost';
import type { StackInfo } from '../../core/stacks/stackInfo';
import type { SessionManager } from '../session/sessionManager';

/** What is running changes with deploys, stops and starts (those invalidate at once); otherwise every ten minutes. */
const REFRESH_MS = 10 * 60_000;
/**
 * The first computation waits this long: loading the pricing code and the EC2, RDS and Price List
 * clients blocks the extension host for a few hundred milliseconds, which must not come between
 * the first listing of the stacks and the tree showing them.
 */
const FIRST_COMPUTE_DELAY_MS = 1500;

interface Entry {
  readonly cost?: StackCost;
  readonly error?: string;
  readonly at: number;
  /** The stack version (last update) the figure was computed for. */
  readonly version: string;
}

/**
 * What the listed stacks cost per hour now, computed in the background after each refresh of the
 * Stacks view for stacks whose figure is missing, invalidated or ten minutes old. Prices come from
 * the Price List API through a day-long disk cache in the extension's storage.
 */
export class CostMonitor implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly invalid = new Set<string>();
  private listed: readonly StackInfo[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private controller = new AbortController();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires whenever a stack's figure changes. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private codeLoaded = false;

  constructor(
    private readonly sessions: SessionManager,
    /** The extension's global storage folder (read when prices are first cached). */
    private readonly storageDir: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly firstComputeDelayMs = FIRST_COMPUTE_DELAY_MS,
  ) {
    // Another profile or region set means other stacks and other figures.
    this.subscription = sessions.onDidChangeSession(() => {
      this.controller.abort();
      this.controller = new AbortController();
      this.entries.clear();
      this.changed.fire();
    });
  }

  /** Stacks whose resources may bill: everything listed but deleted stacks. */
  private priced(): StackInfo[] {
    return this.listed.filter((s) => !s.status.startsWith('DELETE_'));
  }

  costOf(stackId: string): StackCost | undefined {
    return this.entries.get(stackId)?.cost;
  }

  /** Figures of the listed stacks computed so far. */
  costs(): StackCost[] {
    return this.priced().flatMap((s) => this.entries.get(s.stackId)?.cost ?? []);
  }

  /** Stacks whose figure could not be computed, with why. */
  failures(): { stackName: string; error: string }[] {
    return this.priced().flatMap((s) => {
      const error = this.entries.get(s.stackId)?.error;
      return error ? [{ stackName: s.stackName, error }] : [];
    });
  }

  /** True while figures are being computed. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** After an inventory load: recompute what is missing, invalidated or old. */
  update(stacks: readonly StackInfo[]): void {
    this.listed = stacks;
    for (const id of [...this.entries.keys()]) if (!stacks.some((s) => s.stackId === id)) this.entries.delete(id);
    this.kick();
  }

  /** Forgets a stack's figure (after stop/start/reboot) and recomputes it. */
  invalidate(stackId?: string): void {
    for (const s of this.priced()) if (!stackId || s.stackId === stackId) this.invalid.add(s.stackId);
    this.kick();
  }

  /** Resolves when the current computation (if any) has finished. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private due(stack: StackInfo, now: number): boolean {
    const entry = this.entries.get(stack.stackId);
    return !entry || this.invalid.has(stack.stackId) || entry.version !== (stack.updatedAt ?? stack.createdAt) || now - entry.at > REFRESH_MS;
  }

  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.compute().finally(() => {
      this.running = undefined;
      this.changed.fire();
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async compute(): Promise<void> {
    const now = Date.now();
    const due = this.priced().filter((s) => this.due(s, now));
    if (due.length === 0) return;
    if (!this.codeLoaded) {
      await new Promise<void>((resume) => setTimeout(resume, this.firstComputeDelayMs));
      this.codeLoaded = true;
    }
    const signal = this.controller.signal;
    const [{ stackCost }, { PriceBook }, { PriceCache }, { friendlyAwsError }] = await Promise.all([
      import('../../core/billing/stackCost'),
      import('../../core/billing/priceBook'),
      import('../../core/billing/priceCache'),
      import('../../core/aws/errors'),
    ]);
    const { clients, profile } = this.sessions.session;
    const dir = this.storageDir();
    const cache = new PriceCache(dir ? join(dir, 'prices') : undefined);
    const book = new PriceBook({ clients, cache, signal });
    for (const stack of due) {
      if (signal.aborted) return;
      this.invalid.delete(stack.stackId);
      const version = stack.updatedAt ?? stack.createdAt;
      try {
        const cost = await stackCost(clients, book, stack, signal);
        this.entries.set(stack.stackId, { cost, at: Date.now(), version });
      } catch (error) {
        if (signal.aborted) return;
        const message = friendlyAwsError(error, { region: stack.region, ...(profile ? { profile } : {}) }).message;
        this.log.warn(`Cost of ${stack.stackName} (${stack.region}): ${message}`);
        this.entries.set(stack.stackId, { error: message, at: Date.now(), version });
      }
      this.changed.fire();
    }
    if (book.unreachable) this.log.warn(`AWS Price List API unreachable (${book.unreachable}); catalog us-east-1 prices used, labelled so.`);
    await cache.save().catch((error: Error) => this.log.warn(`Could not save the price cache: ${error.message}`));
  }

  dispose(): void {
    this.controller.abort();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
