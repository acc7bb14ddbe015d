import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import { sendDicom } from '../../../src/vscode/commands/sendDicom';
import { sendSampleDicom } from '../../../src/vscode/commands/sendSampleDicom';
import { createServices } from '../../../src/vscode/createServices';
import type { Services } from '../../../src/vscode/services';
import type { SessionManager } from '../../../src/vscode/session/sessionManager';
import type { StacksTreeProvider } from '../../../src/vscode/tree/stacksTreeProvider';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';

// Runs the VS Code commands on the stand-in `vscode` module (registered by the peers mocha config),
// scripting the pickers and capturing messages, against a real Orthanc.
type Loose = Record<string, unknown>;
const win = vscode.window as unknown as Loose;
const ws = vscode.workspace as unknown as Loose;
const UriClass = vscode.Uri as unknown as Loose;

interface Captured {
  messages: string[];
  logs: string[];
  quickPickLabels: string[];
  reports: string[];
  prompts: string[];
}

function script(captured: Captured, pick: (labels: string[]) => number, password: string) {
  win.showQuickPick = async (items: readonly vscode.QuickPickItem[]) => {
    const choosable = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    captured.quickPickLabels = choosable.map((i) => i.label);
    return choosable[pick(captured.quickPickLabels)];
  };
  win.showInputBox = async (options: { title?: string }) => {
    captured.prompts.push(options.title ?? '');
    return password;
  };
  win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
    task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
  const message = async (text: string, ...rest: unknown[]) => {
    captured.messages.push(text);
    return rest.includes('Show Details') ? 'Show Details' : undefined;
  };
  win.showInformationMessage = message;
  win.showWarningMessage = message;
  win.showErrorMessage = message;
  let provider: { provideTextDocumentContent(uri: { path: string }): string } | undefined;
  ws.registerTextDocumentContentProvider = (_scheme: string, p: typeof provider) => {
    provider = p;
    return { dispose: () => undefined };
  };
  ws.openTextDocument = async (uri: { path: string }) => {
    captured.reports.push(provider?.provideTextDocumentContent(uri) ?? '');
    return {};
  };
  UriClass.from = (parts: { scheme: string; path: string }) => ({ scheme: parts.scheme, path: parts.path });
  UriClass.joinPath = (base: vscode.Uri, ...segments: string[]) => vscode.Uri.file(join(base.fsPath, ...segments));
}

function fakeServices(captured: Captured, stacks: StackInfo[], secrets: Map<string, string>): Services {
  const log = (line: string) => void captured.logs.push(line);
  return createServices(
    {
      subscriptions: [],
      extensionUri: vscode.Uri.file(resolve(__dirname, '..', '..', '..')),
      secrets: { get: async (k: string) => secrets.get(k), store: async (k: string, v: string) => void secrets.set(k, v), delete: async (k: string) => void secrets.delete(k) },
    } as unknown as vscode.ExtensionContext,
    { session: { clients: undefined } } as unknown as SessionManager,
    { whenLoaded: async () => ({ stacks, failures: [] }) } as unknown as StacksTreeProvider,
    { info: log, warn: log, error: log, debug: log, trace: log } as unknown as vscode.LogOutputChannel,
  );
}

const stack = (url: string): StackInfo => ({
  region: 'us-east-1',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/orthanc-demo/1',
  stackName: 'orthanc-demo',
  status: 'CREATE_COMPLETE',
  createdAt: '2026-01-01T00:00:00.000Z',
  // A stack of no known kind with a plain DicomWebUrl: an Orthanc-kind stack pins its published certificate over https.
  kind: 'other',
  kindEvidence: 'tag',
  tags: {},
  outputs: [{ key: 'DicomWebUrl', value: url }],
  parameters: [],
  terminationProtection: false,
});

describe('VS Code: Send DICOM commands (stand-in vscode API, real Orthanc)', function () {
  this.timeout(60_000);
  let open: OrthancPeer;
  let locked: OrthancPeer;
  let dir: string;
  let captured: Captured;
  // The stand-in module is shared by every suite in the run: put back whatever this suite replaces.
  const saved = [win, ws, UriClass].map((target) => ({ target, copy: { ...target } }));
  const savedStatics = { from: UriClass.from, joinPath: UriClass.joinPath };
  before(async () => {
    open = await startOrthanc();
    locked = await startOrthanc({ user: { username: 'researcher', password: 'pa55-word' } });
    dir = await mkdtemp(join(tmpdir(), 'vscode-send-'));
  });
  after(async () => {
    for (const { target, copy } of saved.slice(0, 2)) Object.assign(target, copy);
    Object.assign(UriClass, savedStatics);
    await open?.stop();
    await locked?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    captured = { messages: [], logs: [], quickPickLabels: [], reports: [], prompts: [] };
  });

  it('sends an Explorer selection to a settings endpoint: asks the password once, tests, sends, reports every file', async () => {
    const uids = await writeSyntheticSeries(join(dir, 'series'), 'vscode/series', 6);
    const junk = join(dir, 'notes.dcm');
    await writeFile(junk, 'not dicom at all, just a note that was renamed to .dcm by mistake');
    await vscode.workspace.getConfiguration('imagingLab.dicomweb').update('endpoints', [{ name: 'Lab Orthanc', url: locked.dicomWeb, auth: 'basic', username: 'researcher' }]);
    const secrets = new Map<string, string>();
    script(captured, (labels) => labels.findIndex((l) => l.includes('Lab Orthanc')), 'pa55-word');
    const services = fakeServices(captured, [stack(`${open.dicomWeb}/studies`)], secrets);

    await sendDicom(services, vscode.Uri.file(join(dir, 'series')), [vscode.Uri.file(join(dir, 'series')), vscode.Uri.file(junk)]);

    assert.deepEqual(captured.quickPickLabels.map((l) => l.replace(/^\$\([a-z-]+\) /, '')), ['orthanc-demo', 'Lab Orthanc', 'Add a DICOMweb endpoint…']);
    assert.equal(captured.prompts.length, 1, 'password asked once');
    assert.equal(secrets.get(`imagingLab.dicomweb/Lab Orthanc/${new URL(locked.dicomWeb).origin}`), 'pa55-word', 'kept per endpoint name and origin');
    assert.ok(captured.logs.some((l) => l.startsWith('test connection Lab Orthanc: ok')));
    assert.match(captured.messages.at(-1) ?? '', /^Lab Orthanc: 6 stored, 0 failed, 1 skipped/);
    const report = captured.reports.at(-1) ?? '';
    for (const uid of uids) assert.ok(report.includes(`SOP Instance UID ${uid}`), uid);
    assert.match(report, /SKIPPED before sending \(1\)\n {2}.*notes\.dcm\n {4}not a DICOM file: no .DICM. marker/);
    assert.ok(!captured.logs.join('\n').includes('pa55-word'), 'no secret in the log');
    assert.deepEqual([...(await locked.storedSopInstanceUids())].sort(), [...uids].sort());
  });

  it('sends the bundled samples to a stack node', async () => {
    script(captured, () => 0, 'unused');
    const services = fakeServices(captured, [], new Map());
    const node = { stack: stack(`${open.dicomWeb}/studies`) };
    await sendSampleDicom(services, node);
    assert.match(captured.messages.at(-1) ?? '', /^orthanc-demo: 9 stored, 0 failed, 0 skipped/);
    assert.equal((await open.storedSopInstanceUids()).size, 9);
  });
});
