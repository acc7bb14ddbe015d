import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { freePort, startOrthanc, type OrthancPeer } from '../support/orthanc';
import { closeReportTabs, copySamples, reportDocuments, sampleUids, writeNotDicom } from './support/dicomFixtures';
import { startStalledDicomWeb, type StalledDicomWeb } from './support/dicomStalledServer';
import { scriptDicomDialogs, type DicomDialogs, type DicomDialogScript } from './support/dicomDialogs';
import { activatedExtension, eventually } from './support/extensionUnderTest';
import { withScriptedQuickInput, type Asked, type Reply } from './support/scriptedQuickInput';
import { logChannelText } from './support/logChannel';

const ENDPOINT = 'IT Orthanc';
const CLOSED = 'IT Closed Port';
const STALLED = 'IT Stalled';
const USER = { username: 'radiographer', password: 'it-Pa55-word' };
const SECTION = 'imagingLab.dicomweb';
/** Secrets are kept per endpoint name and origin. */
const secretKey = (name: string, url: string) => `imagingLab.dicomweb/${name}/${new URL(url).origin}`;

interface SavedEndpoint {
  name: string;
  url: string;
  auth?: string;
  username?: string;
}

function savedEndpoints(): SavedEndpoint[] {
  return vscode.workspace.getConfiguration(SECTION).get<SavedEndpoint[]>('endpoints', []);
}

/** Runs a command with scripted dialogs; the dialogs are put back whatever happens. */
async function run(script: DicomDialogScript, command: string, ...args: unknown[]): Promise<DicomDialogs> {
  const dialogs = scriptDicomDialogs(script);
  try {
    await vscode.commands.executeCommand(command, ...args);
  } finally {
    dialogs.restore();
  }
  assert.deepEqual(dialogs.unused(), { inputs: [], picks: [] }, 'every scripted answer was asked for');
  return dialogs;
}

/** "Add DICOMweb Endpoint" is a wizard on quick inputs: answered in order; its messages are captured. */
async function addEndpoint(replies: Reply[]): Promise<{ dialogs: DicomDialogs; asked: Asked[] }> {
  const queue = [...replies];
  const dialogs = scriptDicomDialogs({});
  try {
    const asked = await withScriptedQuickInput(() => queue.shift() ?? 'dismiss', () => vscode.commands.executeCommand('imagingLab.addDicomEndpoint'));
    assert.deepEqual(queue, [], 'every scripted answer was asked for');
    return { dialogs, asked };
  } finally {
    dialogs.restore();
  }
}

const showDetails: DicomDialogScript['answer'] = (m) => (m.buttons.includes('Show Details') ? 'Show Details' : undefined);

/** The report document the command opened after "Show Details" (one new one, bounded wait). */
async function newReport(before: readonly vscode.TextDocument[]): Promise<string> {
  const doc = await eventually('the report document', async () => reportDocuments().find((d) => !before.includes(d)), 10000, 100);
  return doc.getText();
}

const texts = (d: DicomDialogs, level: 'info' | 'warning' | 'error') => d.messages.filter((m) => m.level === level).map((m) => m.text);

describe('Send DICOM inside VS Code against a real Orthanc (DICOMweb)', function () {
  this.timeout(60000);
  let orthanc: OrthancPeer | undefined;
  let stalled: StalledDicomWeb | undefined;
  let scratch = '';
  let settingsBefore: unknown;
  const folder = () => join(scratch, 'study');
  const loose = () => join(scratch, 'loose');
  const expected = { folder: new Set<string>(), loose: new Set<string>(), study: '' };

  before(async function () {
    this.timeout(60000);
    settingsBefore = vscode.workspace.getConfiguration(SECTION).inspect('endpoints')?.globalValue;
    orthanc = await startOrthanc({ user: USER });
    scratch = mkdtempSync(join(tmpdir(), 'imaging-lab-dicom-it-'));
    // The folder: a CT series, an RLE slice in a sub-folder, and a text note.
    for (const file of [...copySamples('ct', folder()), ...copySamples('rle', join(folder(), 'rle'))]) expected.folder.add(sampleUids(file).sop);
    writeNotDicom(join(folder(), 'notes.txt'), 'acquisition notes, not an image');
    // Loose files picked one by one in the Explorer, one of them a renamed text file.
    mkdirSync(loose());
    for (const file of [...copySamples('mr', loose()), ...copySamples('multiframe', loose())]) expected.loose.add(sampleUids(file).sop);
    writeNotDicom(join(loose(), 'renamed.dcm'), 'a spreadsheet export renamed to .dcm', 400);
    mkdirSync(join(scratch, 'junk'));
    writeNotDicom(join(scratch, 'junk', 'only.dcm'), 'nothing to send here', 200);
    expected.study = sampleUids(join(folder(), 'CT000001.dcm')).study;
  });

  after(async () => {
    await closeReportTabs();
    await vscode.workspace.getConfiguration(SECTION).update('endpoints', settingsBefore, vscode.ConfigurationTarget.Global);
    const { services } = await activatedExtension();
    if (orthanc) await services.context.secrets.delete(secretKey(ENDPOINT, orthanc.dicomWeb));
    await orthanc?.stop();
    await stalled?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('"Add DICOMweb Endpoint": rejects a bad URL, keeps the password in SecretStorage, saves the rest in settings, tests it', async () => {
    const peer = orthanc!;
    const { dialogs: d, asked } = await addEndpoint([{ input: ENDPOINT }, { input: 'ftp://127.0.0.1/dicom-web' }, { input: peer.dicomWeb }, { pick: /User name and password/ }, { input: USER.username }, { input: USER.password }]);
    assert.deepEqual(texts(d, 'error'), []);
    assert.equal(asked[1]?.rejected.length, 1, `the ftp URL was rejected: ${JSON.stringify(asked[1])}`);
    assert.ok(asked.at(-1)?.password, 'the password box hides what is typed');
    assert.deepEqual(asked.map((a) => a.canGoBack), [false, true, true, true, true], 'Back on every step after the first');
    const saved = savedEndpoints().find((e) => e.name === ENDPOINT);
    assert.deepEqual(saved, { name: ENDPOINT, url: peer.dicomWeb, auth: 'basic', username: USER.username });
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration(SECTION).inspect('endpoints')).includes(USER.password), 'no password in settings');
    const { services } = await activatedExtension();
    assert.equal(await services.context.secrets.get(secretKey(ENDPOINT, peer.dicomWeb)), USER.password);
    assert.ok(texts(d, 'info').some((t) => t.startsWith(`Saved ${ENDPOINT}. `) && /answered QIDO-RS \(HTTP 200\)/.test(t)), JSON.stringify(d.messages));
    assert.deepEqual(texts(d, 'warning'), [], 'plain HTTP on loopback raises no security warning');
  });

  it('"Send DICOM" on an Explorer folder: stores exactly its DICOM files and reports the skipped note with its reason', async () => {
    const peer = orthanc!;
    const reportsBefore = reportDocuments();
    const uri = vscode.Uri.file(folder());
    const d = await run({ picks: [new RegExp(`^\\$\\(server\\) ${ENDPOINT}$`)], answer: showDetails }, 'imagingLab.sendDicom', uri, [uri]);
    assert.ok(d.picks[0]?.labels.includes('$(add) Add a DICOMweb endpoint…'), `offered: ${d.picks[0]?.labels.join(' | ')}`);
    assert.deepEqual(texts(d, 'error'), []);
    assert.deepEqual(d.inputs, [], 'the password came from SecretStorage, nothing was asked');
    const summary = texts(d, 'info').find((t) => t.startsWith(`${ENDPOINT}: `));
    assert.match(summary ?? JSON.stringify(d.messages), new RegExp(`^${ENDPOINT}: ${expected.folder.size} stored, 0 failed, 1 skipped`));

    assert.deepEqual([...(await peer.storedSopInstanceUids())].sort(), [...expected.folder].sort());
    const studies = await peer.rest<{ MainDicomTags: { StudyInstanceUID: string } }[]>('/studies?expand');
    assert.deepEqual(studies.map((s) => s.MainDicomTags.StudyInstanceUID), [expected.study]);

    const report = await newReport(reportsBefore);
    assert.match(report, new RegExp(`^STOW-RS to ${peer.dicomWeb.replace(/[.]/g, '\\.')}`));
    assert.match(report, new RegExp(`SKIPPED before sending \\(1\\)\\n {2}${join(folder(), 'notes.txt').replace(/[.]/g, '\\.')}\\n {4}not a DICOM file: no 'DICM' marker at byte 128, and it does not start like a DICOM data set either`));
    assert.match(report, new RegExp(`STORED \\(${expected.folder.size}\\)`));
    for (const uid of expected.folder) assert.ok(report.includes(`SOP Instance UID ${uid}`), `${uid} in the report`);
    assert.match(report, /RLE Lossless/, 'the RLE file is reported with its transfer syntax');
  });

  it('logs each send in the Imaging Lab channel (where to, how it ended), never the basic-auth password', async () => {
    const { services } = await activatedExtension();
    const log = await logChannelText(services, new RegExp(`DICOM send to ${ENDPOINT}: \\d+ stored`));
    assert.match(log, new RegExp(`DICOM send to ${ENDPOINT} \\(http://127\\.0\\.0\\.1:\\d+/dicom-web[^)]*, basic authentication\\): 1 path\\(s\\)`));
    const basic = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');
    for (const secret of [USER.password, basic]) assert.ok(!log.includes(secret), 'no credential in the log');
  });

  it('"Send DICOM" on several Explorer files: adds the valid ones, skips the renamed text file, resends nothing twice', async () => {
    const peer = orthanc!;
    const reportsBefore = reportDocuments();
    const files = ['MR000001.dcm', 'MF000001.dcm', 'renamed.dcm'].map((n) => vscode.Uri.file(join(loose(), n)));
    const d = await run({ picks: [new RegExp(`${ENDPOINT}$`)], answer: showDetails }, 'imagingLab.sendDicom', files[0], files);
    assert.deepEqual(texts(d, 'error'), []);
    assert.match(texts(d, 'info').join('\n'), new RegExp(`^${ENDPOINT}: ${expected.loose.size} stored, 0 failed, 1 skipped`, 'm'));
    assert.deepEqual([...(await peer.storedSopInstanceUids())].sort(), [...expected.folder, ...expected.loose].sort());
    const report = await newReport(reportsBefore);
    assert.match(report, /renamed\.dcm\n {4}not a DICOM file: no 'DICM' marker at byte 128/);
    for (const uid of expected.loose) assert.ok(report.includes(`SOP Instance UID ${uid}`), `${uid} in the report`);
    for (const uid of expected.folder) assert.ok(!report.includes(uid), 'the folder sent before is not part of this send');
  });

  it('an endpoint on a closed port: the connection test says it was refused, and a send stops before sending, offering no Send Anyway', async () => {
    const peer = orthanc!;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/dicom-web`;
    const refused = new RegExp(`127\\.0\\.0\\.1:${port} refused the connection: check the host and port, and that the server is running`);
    const { dialogs: added } = await addEndpoint([{ input: CLOSED }, { input: url }, { pick: /No authentication/ }]);
    assert.match(texts(added, 'warning').join('\n'), new RegExp(`Saved ${CLOSED}, but the connection test failed: ${refused.source}`));

    const tested = await run({ picks: [new RegExp(`${CLOSED}$`)] }, 'imagingLab.testDicomConnection');
    assert.match(texts(tested, 'error').join('\n'), new RegExp(`^${CLOSED}: ${refused.source}$`));

    const storedBefore = await peer.storedSopInstanceUids();
    const uri = vscode.Uri.file(folder());
    const sent = await run({ picks: [new RegExp(`${CLOSED}$`)] }, 'imagingLab.sendDicom', uri, [uri]);
    // Every file would be refused too: no "Send Anyway", one error that says so.
    assert.deepEqual(sent.messages.filter((m) => m.modal), [], `no question before stopping: ${JSON.stringify(sent.messages)}`);
    const errors = texts(sent, 'error');
    assert.equal(errors.length, 1, JSON.stringify(sent.messages));
    assert.match(errors[0] ?? '', new RegExp(`^The connection test to ${CLOSED} failed: ${refused.source}\\. Nothing can be sent until it is reachable\\.$`));
    assert.ok(!sent.messages.some((m) => / stored, /.test(m.text)), 'nothing was sent');
    assert.deepEqual(await peer.storedSopInstanceUids(), storedBefore);
  });

  it('nothing sendable: a folder without DICOM explains why, and a non-file Uri is refused', async () => {
    const peer = orthanc!;
    const reportsBefore = reportDocuments();
    const storedBefore = await peer.storedSopInstanceUids();
    const junk = vscode.Uri.file(join(scratch, 'junk'));
    const d = await run({ picks: [new RegExp(`${ENDPOINT}$`)], answer: showDetails }, 'imagingLab.sendDicom', junk, [junk]);
    assert.deepEqual(texts(d, 'warning'), ['None of the 1 selected file(s) is valid DICOM, so nothing was sent.']);
    const report = await newReport(reportsBefore);
    assert.match(report, new RegExp(`^Nothing sent to ${ENDPOINT}: no valid DICOM Part 10 file\\.\\n\\n.*only\\.dcm\\n {4}not a DICOM file`));
    assert.deepEqual(await peer.storedSopInstanceUids(), storedBefore);

    const untitled = vscode.Uri.parse('untitled:Untitled-7');
    const refused = await run({}, 'imagingLab.sendDicom', untitled, [untitled]);
    // A local error is shown as written after the command's name: not dressed up as an AWS problem, no region appended.
    assert.deepEqual(texts(refused, 'error'), ['Send DICOM to… failed: untitled:Untitled-7 is not a file on disk; copy it into the workspace folder and send it from there.']);
    assert.deepEqual(refused.picks, [], 'refused before asking for a target');
  });

  it('Cancel on the progress notification stops a send the server never answers, and every file is reported cancelled', async () => {
    stalled = await startStalledDicomWeb();
    const server = stalled;
    await addEndpoint([{ input: STALLED }, { input: server.dicomWeb }, { pick: /No authentication/ }]);
    const reportsBefore = reportDocuments();
    const uri = vscode.Uri.file(folder());
    const d = scriptDicomDialogs({ picks: [new RegExp(`${STALLED}$`)], answer: showDetails });
    try {
      const sending = Promise.resolve(vscode.commands.executeCommand('imagingLab.sendDicom', uri, [uri]));
      await eventually('the upload to reach the stalled server', async () => (server.uploads.some((u) => u.bytes > 0) ? true : undefined), 15000, 50);
      // The newest notification is the send's progress; its primary action is its Cancel button.
      await vscode.commands.executeCommand('notification.acceptPrimaryAction');
      await eventually('the send to end', async () => Promise.race([sending.then(() => true), new Promise<undefined>((r) => setTimeout(r, 200))]), 15000, 0);
    } finally {
      d.restore();
    }
    assert.deepEqual(texts(d, 'error'), []);
    const summary = texts(d, 'warning').find((t) => t.startsWith(`${STALLED}: `)) ?? JSON.stringify(d.messages);
    assert.match(summary, new RegExp(`^${STALLED}: 0 stored, 0 failed, ${expected.folder.size} cancelled, 1 skipped;.*\\(cancelled\\)$`));
    await eventually('the held uploads to be dropped by the client', async () => (server.uploads.every((u) => u.closedByClient) ? true : undefined), 10000, 100);
    const report = await newReport(reportsBefore);
    assert.match(report, /CANCELLED by the user/);
    assert.match(report, new RegExp(`CANCELLED \\(${expected.folder.size}\\)`));
    assert.match(report, /cancelled during upload: the server may or may not have stored it/);
  });
});
