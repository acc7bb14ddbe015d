import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import * as vscode from 'vscode';
import { scanDicom } from '../../src/core/dicom/scanDicom';
import { kindDisplay } from '../../src/core/kinds/kinds';
import { TAG_KIND } from '../../src/core/kinds/stackContract';
import type { ExplorerNode } from '../../src/vscode/tree/explorerNode';
import { activatedExtension, eventually, fakeAwsUrl } from './support/extensionUnderTest';
import { scriptQuestions, type AskedQuestion, type QuestionReply } from './support/mdeQuestions';
import { startOrthancStandInProcess, type OrthancStandInProcess } from './support/orthancStandInProcess';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { withScriptedQuickInput, type Asked, type Reply } from './support/scriptedQuickInput';
import { walkTree } from './support/treeWalk';
import { captureWindow, type WindowCapture } from './support/windowCapture';

// eu-west-1: away from us-east-1, where the Tator journey expects to create the staging bucket.
const REGION = 'eu-west-1';
const STACK = 'orthanc-first-image';
/** A second Orthanc stack whose published fingerprint is not the certificate its server presents. */
const WRONG_PIN_STACK = 'orthanc-wrong-pin';
/** The caller's address as the stubbed checkip answers it (nothing leaves loopback). */
const CALLER = '127.0.0.1';

/** What the template's instance would publish, pointing at the stand-in (planned on the fake endpoint). */
async function planStack(standIn: OrthancStandInProcess, stackName: string, fingerprint: string): Promise<void> {
  const parameter = (what: string) => `/${stackName}/tls/${what}`;
  const secret = `${stackName}/orthanc-admin`;
  const response = await fetch(`${fakeAwsUrl()}/__fakeaws/planned-stack`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      region: REGION,
      stackName,
      outputs: {
        WebUrl: `${standIn.httpsOrigin}/`,
        DicomWebUrl: standIn.dicomWebUrl,
        DicomWebCredentialsSecret: secret,
        DicomHost: '127.0.0.1',
        DicomPort: String(standIn.dicomTlsPort),
        DicomAeTitle: 'ORTHANC',
        TlsFingerprintParameter: parameter('fingerprint'),
        TlsCaCertificateParameter: parameter('ca'),
      },
      parameters: [
        { name: parameter('fingerprint'), value: fingerprint },
        { name: parameter('ca'), value: standIn.caPem },
      ],
      secrets: [{ name: secret, value: JSON.stringify({ username: standIn.username, password: standIn.password }) }],
    }),
  });
  assert.equal(response.status, 200, await response.text());
}

/**
 * Accepts every default, as a first-time user does: Enter on what each question shows (the
 * highlighted choice, the pre-filled value). The CIDRs come pre-filled with the caller's /32.
 */
function acceptDefaults(a: Asked): Reply {
  if (/What do you want to deploy/i.test(a.text)) return { pick: /Orthanc/ };
  if (/Region to deploy to/i.test(a.text)) return { pick: new RegExp(`^${REGION}$`) };
  // Anchored: the budget e-mail's help mentions the "stack name" too.
  if (/^Stack name in /.test(a.text)) return { input: STACK };
  if (/Review, then create/i.test(a.text)) return { pick: /Create stack/ };
  return 'accept';
}

/** Stubs checkip (the wizard's caller-address lookup) so it answers from loopback; everything else goes through. */
function stubCallerAddress(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/checkip\.amazonaws\.com|api\.ipify\.org/.test(url)) return new Response(`${CALLER}\n`);
    return original(input, init);
  }) as typeof fetch;
  return () => (globalThis.fetch = original);
}

async function stackRow(stackName: string): Promise<{ node: ExplorerNode; path: string; contextValue: string }> {
  const { services } = await activatedExtension();
  return eventually(`the tree node of ${stackName}`, async () => {
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    return (await walkTree(services.stacksTree, 1)).find((r) => r.depth === 1 && r.label === stackName);
  });
}

describe('Orthanc journey: the first image, inside VS Code (palette deploy on the fake endpoint, Send DICOM into a real Orthanc)', function () {
  this.timeout(180000);
  let standIn: OrthancStandInProcess | undefined;
  let capture: WindowCapture | undefined;
  let samples = '';
  let sampleUids: string[] = [];

  before(async function () {
    this.timeout(120000);
    await ensureScriptedRegions();
    const root = (await activatedExtension()).extension.extensionUri.fsPath;
    standIn = await startOrthancStandInProcess(root);
    samples = join(root, 'media', 'samples');
    sampleUids = (await scanDicom([samples])).instances.map((i) => i.sopInstanceUid).sort();
    assert.ok(sampleUids.length > 0, 'the extension ships sample DICOM');
    assert.deepEqual(await standIn.rest('/instances'), [], 'Orthanc starts empty');
  });

  beforeEach(() => {
    capture = captureWindow();
  });

  afterEach(() => {
    capture?.restore();
    capture = undefined;
  });

  after(async () => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.includes(STACK));
    await vscode.window.tabGroups.close(tabs);
    await standIn?.stop();
  });

  /** Runs a command with the given arguments, answering showQuickPick and modal questions. */
  async function run(command: string, args: unknown[], reply: (q: AskedQuestion) => QuestionReply): Promise<AskedQuestion[]> {
    const questions = scriptQuestions(reply);
    try {
      await vscode.commands.executeCommand(command, ...args);
    } finally {
      questions.restore();
    }
    return questions.asked;
  }

  it('palette "Deploy…" → Orthanc → defaults → no staging (the template fits inline) → the stack completes and shows under Orthanc', async () => {
    const { services, extension } = await activatedExtension();
    await planStack(standIn!, STACK, standIn!.fingerprint);
    const restoreFetch = stubCallerAddress();
    const questions = scriptQuestions((q) => (/Create the bucket/.test(q.text) ? /Create Bucket/ : 'dismiss'));
    let wizard: Asked[];
    try {
      wizard = await withScriptedQuickInput(acceptDefaults, () => vscode.commands.executeCommand('imagingLab.deployStack'));
    } finally {
      questions.restore();
      restoreFetch();
    }
    // The user's steps: kind, region, name, each parameter's default, the review.
    const parameters = wizard.filter((a) => !/What do you want to deploy|Region to deploy to|^Stack name in |Review, then create/i.test(a.text));
    assert.deepEqual(wizard.map((a) => a.rejected.length), wizard.map(() => 0), 'no answer rejected');
    assert.match(wizard[0]?.items.find((i) => /Orthanc/.test(i)) ?? '', /Orthanc/);
    const templateParameters = Object.keys((JSON.parse(readFileSync(join(extension.extensionUri.fsPath, 'templates', 'orthanc.template.json'), 'utf8')) as { Parameters: object }).Parameters);
    assert.equal(parameters.length, templateParameters.length, `one question per template parameter: ${parameters.map((a) => a.title).join(' | ')}`);
    // Kind, region, name, 11 parameters on their defaults (Enter), the review: 15 answers, 12 of them Enter alone.
    assert.equal(wizard.length, 3 + templateParameters.length + 1, wizard.map((a) => a.title).join(' | '));
    assert.deepEqual(questions.asked.map((q) => q.choices), [], 'no bucket consent: the template is sent inline without indentation (48.9 KB of the 51,200 bytes allowed)');
    await eventually('the completion notice', async () => capture!.messages.find((m) => m.text === `${STACK} is ready (CREATE_COMPLETE).`), 60000, 250);

    const cfn = await services.session.session.clients.cloudFormation(REGION);
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: STACK }))).Stacks?.[0];
    assert.equal(stack?.Tags?.find((t) => t.Key === TAG_KIND)?.Value, 'orthanc');
    const parameter = (key: string) => stack?.Parameters?.find((p) => p.ParameterKey === key)?.ParameterValue;
    assert.deepEqual([parameter('Profile'), parameter('WebCidr'), parameter('DicomCidr')], ['evaluation', `${CALLER}/32`, `${CALLER}/32`], 'defaults: evaluation, the caller\'s /32');
    const row = await stackRow(STACK);
    assert.equal(row.path, `${kindDisplay('orthanc').label} / ${STACK}`);
    assert.match(row.contextValue, /\baction:openOrthanc\b/);
    assert.match(row.contextValue, /\baction:showDicomTlsSettings\b/);
  });

  it('right-click media/samples → "Send DICOM to…" → the new stack: every sample stored in Orthanc (read back through its REST API)', async () => {
    const uri = vscode.Uri.file(samples);
    const asked = await run('imagingLab.sendDicom', [uri, [uri]], (q) => (q.kind === 'pick' ? new RegExp(STACK) : /Send Credentials/));
    assert.deepEqual(
      asked.map((q) => q.kind),
      ['pick', 'modal'],
      `the target, then the one-time consent to send the stack's credentials: ${JSON.stringify(asked.map((q) => q.text))}`,
    );
    assert.match(asked[1]!.text, new RegExp(`Send the credentials of stack ${STACK} to ${standIn!.httpsOrigin.replace(/[.]/g, '\\.')}`));
    const summary = await eventually('the send summary', async () => capture!.messages.find((m) => m.text.startsWith(`${STACK}: `)), 60000, 250);
    assert.equal(summary.level, 'info', summary.text);
    assert.deepEqual(capture!.messages.filter((m) => m.level !== 'info'), [], 'no warning (no insecure step) and no error');
    const stored = await standIn!.rest<{ MainDicomTags: { SOPInstanceUID: string } }[]>('/instances?expand');
    assert.deepEqual(stored.map((i) => i.MainDicomTags.SOPInstanceUID).sort(), sampleUids, 'Orthanc stored every sample');
  });

  it('"Show DICOM-TLS Settings" saves the published CA and shows host, port, AE title and fingerprint', async () => {
    const { node } = await stackRow(STACK);
    await vscode.commands.executeCommand('imagingLab.showDicomTlsSettings', node);
    const text = await eventually('the settings document', async () => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.getText().includes(`Orthanc on ${STACK}`));
      return editor?.document.getText();
    });
    assert.match(text, new RegExp(`Port:\\s+${standIn!.dicomTlsPort}\\b`));
    assert.match(text, /Called AE title: ORTHANC/);
    assert.ok(text.includes(standIn!.fingerprint), text);
    const caFile = /Trust:\s+the CA certificate in (\S+)/.exec(text)?.[1] ?? '';
    assert.ok(existsSync(caFile), caFile);
    assert.equal(readFileSync(caFile, 'utf8').trim(), standIn!.caPem.trim());
    assert.deepEqual(capture!.messages.filter((m) => m.level === 'error'), []);
  });

  it('"Open Orthanc" checks the served certificate against the published one, then opens the web UI', async () => {
    const env = vscode.env as unknown as { openExternal: typeof vscode.env.openExternal };
    const original = env.openExternal;
    const opened: string[] = [];
    env.openExternal = async (uri: vscode.Uri) => Boolean(opened.push(uri.toString(true)));
    try {
      await vscode.commands.executeCommand('imagingLab.openOrthanc', (await stackRow(STACK)).node);
    } finally {
      env.openExternal = original;
    }
    assert.deepEqual(opened, [`${standIn!.httpsOrigin}/`]);
    const info = capture!.messages.find((m) => m.level === 'info' && m.text.startsWith(`Opened Orthanc on ${STACK}`));
    assert.ok(info?.text.includes(standIn!.fingerprint), JSON.stringify(capture!.messages));
  });

  it('a stack whose published fingerprint is not the served certificate: Send refuses (no Send Anyway), names both, stores nothing', async () => {
    const { services } = await activatedExtension();
    const before = (await standIn!.rest<string[]>('/instances')).length;
    const otherFingerprint = standIn!.fingerprint.split(':').reverse().join(':');
    await planStack(standIn!, WRONG_PIN_STACK, otherFingerprint);
    const cfn = await services.session.session.clients.cloudFormation(REGION);
    // Created through the SDK: the wizard was exercised above; this stack only needs its outputs.
    await cfn.send(
      new CreateStackCommand({
        StackName: WRONG_PIN_STACK,
        TemplateBody: JSON.stringify({ Resources: { Fingerprint: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'pending: first boot' } } } }),
        Tags: [{ Key: TAG_KIND, Value: 'orthanc' }],
      }),
    );
    const node = await eventually('the wrong-pin stack complete', async () => {
      const row = await stackRow(WRONG_PIN_STACK);
      return /\baction:openOrthanc\b/.test(row.contextValue) ? row.node : undefined;
    }, 60000, 500);
    // From the stack's menu the files are chosen in an open dialog.
    const window = vscode.window as unknown as { showOpenDialog: typeof vscode.window.showOpenDialog };
    const openDialog = window.showOpenDialog;
    window.showOpenDialog = async () => [vscode.Uri.file(samples)];
    let asked: AskedQuestion[];
    try {
      asked = await run('imagingLab.sendDicom', [node], (q) => (/Send the credentials/.test(q.text) ? /Send Credentials/ : 'dismiss'));
    } finally {
      window.showOpenDialog = openDialog;
    }
    // Every file would meet the same certificate: one error, no "Send Anyway" to ask about.
    assert.deepEqual(asked.filter((q) => /connection test/.test(q.text)), [], JSON.stringify(asked));
    const sendRefused = capture!.messages.find((m) => m.level === 'error' && /connection test .* failed/.test(m.text));
    assert.ok(sendRefused, JSON.stringify(capture!.messages));
    assert.ok(sendRefused.text.includes(`expected SHA-256 ${otherFingerprint}`) && sendRefused.text.includes(`presented ${standIn!.fingerprint}`), sendRefused.text);
    assert.match(sendRefused.text, /Nothing was sent\.$/);

    const env = vscode.env as unknown as { openExternal: typeof vscode.env.openExternal };
    const original = env.openExternal;
    let opened = 0;
    env.openExternal = async () => Boolean(++opened);
    try {
      await vscode.commands.executeCommand('imagingLab.openOrthanc', node);
    } finally {
      env.openExternal = original;
    }
    assert.equal(opened, 0, 'the web UI is not opened');
    const refused = capture!.messages.find((m) => m.level === 'error' && m !== sendRefused);
    assert.ok(refused?.text.includes(otherFingerprint) && refused.text.includes(standIn!.fingerprint) && /did not open or send anything/.test(refused.text), JSON.stringify(capture!.messages));
    assert.equal((await standIn!.rest<string[]>('/instances')).length, before, 'nothing stored');
  });
});
