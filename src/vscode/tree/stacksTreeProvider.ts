import * as vscode from 'vscode';
import { credentialFailure, type Inventory } from '../../core/stacks/inventoryModel';
import type { StackInfo } from '../../core/stacks/stackInfo';
import { isInProgress } from '../../core/stacks/stackStatus';
import { inventoryFingerprint, nextRefreshDelay } from '../../core/stacks/refreshSchedule';
import { ContextKeys, VIEW_STACKS } from '../commandIds';
import { showOtherStacks } from '../configuration';
import type { SessionManager } from '../session/sessionManager';
import type { ExplorerNode } from './explorerNode';
import { buildRootNodes } from './rootNodes';
import type { StackDetailsSource } from './stackDetailsSource';
import { setInventoryContext } from '../paletteContext';

/**
 * The Stacks view. Loads the inventory of every chosen region, groups it by kind, and refreshes
 * itself while any stack is in progress: fast while statuses change, slower when quiet.
 */
export class StacksTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private inventory: Inventory | undefined;
  private inFlight: AbortController | undefined;
  private loading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastDelay: number | undefined;
  private lastFingerprint = '';
  private view: vscode.TreeView<ExplorerNode> | undefined;
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  private readonly loaded = new vscode.EventEmitter<Inventory>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Fires after every completed load (tests and pickers wait on it). */
  readonly onDidLoad = this.loaded.event;

  /** NoEcho declarations of the listed stacks' templates, kept between refreshes (read again after an update). */
  private noEcho: import('../../core/stacks/noEchoDeclarations').NoEchoDeclarations | undefined;
  /** The hourly figure shown in a stack node's description (set by the billing feature). */
  costLabel: ((stack: StackInfo) => string | undefined) | undefined;

  constructor(
    private readonly sessions: SessionManager,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  attach(view: vscode.TreeView<ExplorerNode>): void {
    this.view = view;
  }

  /** The stacks of the last load (empty before the first). */
  get stacks(): readonly StackInfo[] {
    return this.inventory?.stacks ?? [];
  }

  get lastInventory(): Inventory | undefined {
    return this.inventory;
  }

  readonly details: StackDetailsSource = {
    instances: async (stack) => {
      const { listStackInstances } = await import('../../core/stacks/stackInstances');
      return listStackInstances(this.sessions.session.clients, stack.region, stack.stackId);
    },
    events: async (stack) => {
      const { recentStackEvents } = await import('../../core/stacks/recentEvents');
      return recentStackEvents(this.sessions.session.clients, stack.region, stack.stackId);
    },
    idleStops: async (stack, instances) => {
      const stopped = instances.filter((i) => i.state === 'stopped').map((i) => i.instanceId);
      if (stopped.length === 0) return [];
      const { idleStops } = await import('../../core/billing/idleStops');
      // Secondary information: without CloudWatch access the instances are still listed.
      return idleStops(this.sessions.session.clients, stack.region, stack.stackId, stopped).catch((error: Error) => {
        this.log.warn(`Idle-stop history of ${stack.stackName}: ${error.message}`);
        return [];
      });
    },
    costLabel: (stack) => this.costLabel?.(stack),
    s3: (region) => this.sessions.session.clients.s3(region),
  };

  /** Redraws the nodes (expanded sections fetch again) without reloading the stacks. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  /** Reloads from AWS; a refresh requested while one runs replaces it. */
  refresh(): Promise<void> {
    this.inFlight?.abort();
    clearTimeout(this.timer);
    const controller = new AbortController();
    this.inFlight = controller;
    const run = Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_STACKS } }, () => this.load(controller)));
    this.loading = run;
    return run;
  }

  /** Resolves when the current load (if any) has finished. */
  async whenLoaded(): Promise<Inventory> {
    if (!this.inventory && !this.loading) void this.refresh();
    while (this.loading) {
      const current = this.loading;
      await current;
      if (current === this.loading) break;
    }
    return this.inventory ?? { stacks: [], failures: [], fetchedAt: new Date().toISOString() };
  }

  private async load(controller: AbortController): Promise<void> {
    try {
      const { loadInventory } = await import('../../core/stacks/inventory');
      this.noEcho ??= new (await import('../../core/stacks/noEchoDeclarations')).NoEchoDeclarations();
      const inventory = await loadInventory(this.sessions.session, controller.signal, this.noEcho);
      if (controller.signal.aborted) return;
      this.inventory = inventory;
      const credentialError = credentialFailure(inventory);
      await vscode.commands.executeCommand('setContext', ContextKeys.credentials, credentialError ? 'missing' : 'ok');
      await vscode.commands.executeCommand('setContext', ContextKeys.noStacks, !credentialError && inventory.stacks.length === 0 && inventory.failures.length === 0);
      setInventoryContext(inventory);
      if (this.view) this.view.message = credentialError?.message;
      for (const f of inventory.failures) this.log.warn(`${f.region}: ${f.error.code}: ${f.error.message}`);
      this.changed.fire(undefined);
      this.loaded.fire(inventory);
      this.schedule(inventory);
    } catch (error) {
      if (!controller.signal.aborted) this.log.error(`Refreshing stacks failed: ${(error as Error).message}`);
    } finally {
      if (this.inFlight === controller) this.loading = undefined;
    }
  }

  private schedule(inventory: Inventory): void {
    const fingerprint = inventoryFingerprint(inventory.stacks);
    const delay = nextRefreshDelay({
      anyInProgress: inventory.stacks.some((s) => isInProgress(s.status)),
      changed: fingerprint !== this.lastFingerprint,
      previousDelayMs: this.lastDelay,
    });
    this.lastFingerprint = fingerprint;
    this.lastDelay = delay;
    if (delay !== undefined) this.timer = setTimeout(() => void this.refresh(), delay);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return (await node.getChildren?.()) ?? [];
    // Before the first load the view stays empty under its progress bar; the load fires a change.
    if (!this.inventory) return [];
    const credentialError = credentialFailure(this.inventory);
    if (credentialError) return [];
    return buildRootNodes(this.inventory, this.details, showOtherStacks());
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.inFlight?.abort();
    this.changed.dispose();
    this.loaded.dispose();
  }
}
