import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Tunnel } from '../../../src/core/ssh/tunnels';
import { createServices } from '../../../src/vscode/createServices';
import { withResolvedTarget, type DicomTarget } from '../../../src/vscode/dicom/dicomTargets';
import { ReportDocuments } from '../../../src/vscode/reports/reportDocuments';
import type { SessionManager } from '../../../src/vscode/session/sessionManager';
import type { StacksTreeProvider } from '../../../src/vscode/tree/stacksTreeProvider';

const ws = vscode.workspace as unknown as Record<string, unknown>;
const win = vscode.window as unknown as Record<string, unknown>;

function services(subscriptions: { dispose(): unknown }[]) {
  return createServices(
    { subscriptions } as unknown as vscode.ExtensionContext,
    {} as SessionManager,
    {} as StacksTreeProvider,
    { info: () => undefined } as unknown as vscode.LogOutputChannel,
  );
}

describe('Services own the long-lived objects', () => {
  const uri = vscode.Uri as unknown as Record<string, unknown>;
  const saved = { ws: { ...ws }, win: { ...win }, from: uri.from };
  afterEach(() => {
    Object.assign(ws, saved.ws);
    Object.assign(win, saved.win);
    uri.from = saved.from;
  });

  it('makes each on first use only, and disposes it with the extension (open tunnels are closed)', async () => {
    const subscriptions: { dispose(): unknown }[] = [];
    const s = services(subscriptions);
    assert.equal(subscriptions.length, 0, 'nothing made at activation');
    assert.equal(s.tunnels(), s.tunnels());
    let closed = 0;
    s.tunnels().add({ id: 1, close: async () => void closed++ } as unknown as Tunnel);
    assert.equal(s.reports(), s.reports());
    assert.equal(subscriptions.length, 2);
    for (const d of subscriptions) d.dispose();
    await new Promise((r) => setImmediate(r));
    assert.equal(closed, 1);
    assert.equal(s.testedConnections.size, 0);
  });

  it('forgets a report when its document closes', async () => {
    let provider: { provideTextDocumentContent(uri: vscode.Uri): string } | undefined;
    let onClose: ((d: { uri: { scheme: string; path: string } }) => void) | undefined;
    ws.registerTextDocumentContentProvider = (_s: string, p: typeof provider) => ((provider = p), new vscode.Disposable(() => undefined));
    ws.onDidCloseTextDocument = (l: typeof onClose) => ((onClose = l), new vscode.Disposable(() => undefined));
    const opened: { scheme: string; path: string }[] = [];
    ws.openTextDocument = async (uri: { scheme: string; path: string }) => (opened.push(uri), { uri });
    win.showTextDocument = async () => undefined;
    uri.from = (parts: { scheme: string; path: string }) => parts;
    const reports = new ReportDocuments();
    await reports.show('stow orthanc', 'first');
    await reports.show('stow orthanc', 'second');
    assert.equal(reports.size, 2);
    assert.equal(provider?.provideTextDocumentContent(opened[0] as unknown as vscode.Uri), 'first');
    onClose?.({ uri: opened[0]! });
    onClose?.({ uri: { scheme: 'file', path: opened[1]!.path } });
    assert.equal(reports.size, 1, 'only its own scheme counts');
    assert.equal(provider?.provideTextDocumentContent(opened[0] as unknown as vscode.Uri), 'This report is no longer available.');
    reports.dispose();
    assert.equal(reports.size, 0);
  });
});

describe('withResolvedTarget (what a target opens is always released)', () => {
  function target(failResolve = false): DicomTarget & { events: string[] } {
    const events: string[] = [];
    return {
      id: 'stack:mde', label: 'mde', description: 'MONAI Informatics Gateway', events,
      resolve: async () => {
        events.push('opened');
        if (failResolve) throw new Error('forward failed');
        return { url: 'http://127.0.0.1:5000/dicomweb/studies' };
      },
      release: async () => void events.push('released'),
    };
  }

  it('releases after success, after the work fails, and after resolving failed half-way', async () => {
    const ok = target();
    assert.equal(await withResolvedTarget(ok, async (endpoint) => endpoint.url.length), 38);
    assert.deepEqual(ok.events, ['opened', 'released']);
    const failing = target();
    await assert.rejects(withResolvedTarget(failing, async () => Promise.reject(new Error('send failed'))), /send failed/);
    assert.deepEqual(failing.events, ['opened', 'released']);
    const half = target(true);
    await assert.rejects(withResolvedTarget(half, async () => 1), /forward failed/);
    assert.deepEqual(half.events, ['opened', 'released']);
  });
});
