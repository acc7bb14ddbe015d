import * as vscode from 'vscode';
import type { Services } from '../../../src/vscode/services';
import type { SessionManager } from '../../../src/vscode/session/sessionManager';
import type { StacksTreeProvider } from '../../../src/vscode/tree/stacksTreeProvider';
import { completeVscodeStub } from '../webview/completeVscodeStub';
import { fakePanel, type FakePanel } from '../webview/fakeWebviewPanel';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mockAws, REGION, type MockedAws } from './fakes';

/** The repository is the extension folder, so bundled templates load from templates/. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const EXTENSION_VERSION = '0.2.0';

/** What a command-flow test sees: mocked AWS, the panels opened, the notifications shown. */
export interface FlowHarness {
  aws: MockedAws;
  panels: FakePanel[];
  notes: string[];
  services(): Services;
  readonly win: Record<string, unknown>;
}

/**
 * Registers mocha hooks that give each test fresh mocked AWS clients, a faked webview panel
 * factory and recorded notifications, and undo every patch of the vscode stub afterwards.
 * `load` runs once the stub is complete (modules copy the stub's exports when first loaded).
 */
export function useFlowHarness(load: () => void): FlowHarness {
  const win = vscode.window as unknown as Record<string, unknown>;
  const cmds = vscode.commands as unknown as Record<string, unknown>;
  const ws = vscode.workspace as unknown as Record<string, unknown>;
  const saved = { win: { ...win }, cmds: { ...cmds }, fs: ws.fs };
  let subscriptions: { dispose(): unknown }[] = [];
  const h: FlowHarness = {
    aws: undefined as unknown as MockedAws,
    panels: [],
    notes: [],
    win,
    services: () => {
      // Loaded after the stub is complete, like the flows; one Services per test (its deployments, tunnels, reports).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createServices } = require('../../../src/vscode/createServices') as typeof import('../../../src/vscode/createServices');
      current ??= createServices(
        { extensionUri: vscode.Uri.file(REPO_ROOT), globalStorageUri: vscode.Uri.file(storage), extension: { packageJSON: { version: EXTENSION_VERSION } }, subscriptions } as unknown as vscode.ExtensionContext,
        { session: { clients: h.aws.clients, regions: [REGION], profile: undefined }, onDidChangeSession: () => new vscode.Disposable(() => undefined) } as unknown as SessionManager,
        { refresh: async () => undefined } as unknown as StacksTreeProvider,
        { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel,
      );
      return current;
    },
  };
  let current: Services | undefined;
  const storage = mkdtempSync(join(tmpdir(), 'il-storage-'));
  before(() => {
    completeVscodeStub();
    load();
  });
  beforeEach(async () => {
    h.aws = await mockAws();
    ws.fs = { readFile: async (uri: vscode.Uri) => new Uint8Array(await readFile(uri.fsPath)) };
    h.panels = [];
    h.notes = [];
    subscriptions = [];
    current = undefined;
    win.createWebviewPanel = () => h.panels[h.panels.push(fakePanel()) - 1];
    for (const kind of ['showInformationMessage', 'showErrorMessage', 'showWarningMessage']) win[kind] = async (m: string) => void h.notes.push(`${kind}: ${m}`);
    cmds.getCommands = async () => [];
  });
  afterEach(() => {
    for (const p of h.panels) if (!p.disposed) p.dispose();
    for (const s of subscriptions) s.dispose();
    Object.assign(win, saved.win);
    Object.assign(cmds, saved.cmds);
    ws.fs = saved.fs;
  });
  return h;
}
