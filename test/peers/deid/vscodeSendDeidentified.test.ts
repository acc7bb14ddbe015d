import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import { sendDeidentified } from '../../../src/vscode/commands/sendDeidentified';
import { ReportDocuments } from '../../../src/vscode/reports/reportDocuments';
import type { Services } from '../../../src/vscode/services';
import { startOrthanc, type OrthancPeer } from '../../support/orthanc';
import { writeSyntheticSeries } from '../../unit/dicom/syntheticDicom';

// The command on the stand-in `vscode` module (peers mocha config), pickers scripted, real Orthanc.
type Loose = Record<string, unknown>;
const win = vscode.window as unknown as Loose;
const UriClass = vscode.Uri as unknown as Loose;

interface Captured {
  messages: string[];
  picks: string[];
  reports: string[];
}

/** Answers each quick pick by its title: the labels to choose (several for canPickMany). */
function script(captured: Captured, answers: (title: string) => string[], folder?: string) {
  win.showQuickPick = async (items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions & { canPickMany?: boolean }) => {
    const title = options?.title ?? '';
    captured.picks.push(title);
    const wanted = answers(title);
    const chosen = items.filter((i) => wanted.some((w) => i.label.includes(w)));
    return options?.canPickMany ? chosen : chosen[0];
  };
  win.showOpenDialog = async () => (folder ? [vscode.Uri.file(folder)] : undefined);
  win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
    task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
  const message = async (text: string, ...rest: unknown[]) => {
    captured.messages.push(text);
    return rest.includes('Show Details') ? 'Show Details' : undefined;
  };
  win.showInformationMessage = message;
  win.showWarningMessage = message;
  const ws = vscode.workspace as unknown as Loose;
  let provider: { provideTextDocumentContent(uri: { path: string }): string } | undefined;
  ws.registerTextDocumentContentProvider = (_s: string, p: typeof provider) => {
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

function services(storage: string, stacks: StackInfo[]): Services {
  const log = () => undefined;
  let reports: ReportDocuments | undefined;
  return {
    context: { subscriptions: [], extensionUri: vscode.Uri.file(resolve(__dirname, '..', '..', '..')), storageUri: vscode.Uri.file(storage), globalStorageUri: vscode.Uri.file(storage), secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined } },
    output: { info: log, warn: log, error: log, debug: log, trace: log },
    stacksTree: { whenLoaded: async () => ({ stacks, failures: [] }) },
    session: { session: { clients: undefined } },
    testedConnections: new Set<string>(),
    // Made on first use, after script() has put the stand-in content provider and document opener in place.
    reports: () => (reports ??= new ReportDocuments()),
  } as unknown as Services;
}

const stack = (url: string): StackInfo => ({
  region: 'us-east-1',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/orthanc-deid/1',
  stackName: 'orthanc-deid',
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

describe('VS Code: Send De-identified… (stand-in vscode API, real Orthanc)', function () {
  this.timeout(60_000);
  let orthanc: OrthancPeer;
  let dir: string;
  const saved = [win, vscode.workspace as unknown as Loose].map((target) => ({ target, copy: { ...target } }));
  const savedStatics = { from: UriClass.from, joinPath: UriClass.joinPath };
  before(async () => {
    orthanc = await startOrthanc();
    dir = await mkdtemp(join(tmpdir(), 'vscode-deid-'));
  });
  after(async () => {
    for (const { target, copy } of saved) Object.assign(target, copy);
    Object.assign(UriClass, savedStatics);
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('sends a folder de-identified to a stack: new UIDs stored, originals not, map 0600 in the extension storage', async () => {
    const uids = await writeSyntheticSeries(join(dir, 'series'), 'vscode/deid', 4);
    const captured: Captured = { messages: [], picks: [], reports: [] };
    script(captured, (title) => (title.startsWith('De-identify') ? ['Retain Longitudinal'] : title === 'Send De-identified' ? ['Send to a DICOMweb server'] : ['orthanc-deid']));
    await sendDeidentified(services(join(dir, 'storage'), [stack(`${orthanc.dicomWeb}/studies`)]), vscode.Uri.file(join(dir, 'series')), [vscode.Uri.file(join(dir, 'series'))]);
    const stored = await orthanc.storedSopInstanceUids();
    assert.equal(stored.size, 4);
    for (const uid of uids) assert.ok(!stored.has(uid), 'an original UID reached the server');
    assert.match(captured.messages.at(-1) ?? '', /^orthanc-deid: 4 stored, 0 failed/);
    const report = captured.reports.at(-1) ?? '';
    assert.match(report, /De-identified with: Basic Application Confidentiality Profile \+ Retain Longitudinal Temporal Information Full Dates Option/);
    assert.equal((report.match(/: stored, de-identified/g) ?? []).length, 4);
    const map = join(dir, 'storage', 'deid', 'uid-map.json');
    assert.equal((await stat(map)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'storage', 'deid'))).mode & 0o777, 0o700);
  });

  it('writes de-identified copies to a folder (dry run) and sends nothing', async () => {
    await orthanc.clear();
    const captured: Captured = { messages: [], picks: [], reports: [] };
    const out = join(dir, 'copies');
    await (await import('node:fs/promises')).mkdir(out);
    script(captured, (title) => (title.startsWith('De-identify') ? [] : ['Write de-identified copies']), out);
    await sendDeidentified(services(join(dir, 'storage'), []), vscode.Uri.file(join(dir, 'series')));
    assert.match(captured.messages.at(-1) ?? '', /^4 de-identified copies written to /);
    const studies = await readdir(out);
    assert.equal(studies.length, 1, 'one study folder, named by its new UID');
    assert.equal((await orthanc.storedSopInstanceUids()).size, 0);
  });
});
