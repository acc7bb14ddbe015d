import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { ensureConnectionTested } from '../../../src/vscode/dicom/connectionCheck';
import type { DicomTarget } from '../../../src/vscode/dicom/dicomTargets';
import type { Services } from '../../../src/vscode/services';

const win = vscode.window as unknown as Record<string, unknown>;

describe('connection test before a send', () => {
  const servers: Server[] = [];
  const requests: string[] = [];
  const saved = { withProgress: win.withProgress };
  const services = { output: { info: () => undefined }, testedConnections: new Set<string>() } as unknown as Services;
  const target: DicomTarget = { id: 'stack:arn:mde-1', label: 'mde-1', description: 'MONAI Informatics Gateway', resolve: async () => ({ url: '' }) };

  async function qidoServer(name: string): Promise<string> {
    const server = createServer((req, res) => {
      requests.push(`${name} ${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicomweb`;
  }

  before(() => {
    win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
      task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
  });
  after(() => {
    win.withProgress = saved.withProgress;
    servers.forEach((s) => s.close());
  });

  it('tests a target once per URL: a second route to the same stack is tested again', async () => {
    const tunnel = await qidoServer('tunnel');
    const openPort = await qidoServer('open-port');
    await ensureConnectionTested(services, target, { url: tunnel });
    await ensureConnectionTested(services, target, { url: tunnel });
    await ensureConnectionTested(services, target, { url: openPort });
    assert.deepEqual(requests, ['tunnel GET /dicomweb/studies?limit=1', 'open-port GET /dicomweb/studies?limit=1']);
  });

  /** Runs the check with the window's messages recorded; `answer` picks a button title of a modal. */
  async function checkRecording(url: string, answer?: string): Promise<{ outcome: string; shown: { level: string; text: string; modal: boolean; buttons: string[] }[] }> {
    const shown: { level: string; text: string; modal: boolean; buttons: string[] }[] = [];
    const originals = { warning: win.showWarningMessage, error: win.showErrorMessage };
    const record = (level: string) => async (text: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? (rest.shift() as vscode.MessageOptions) : undefined;
      const title = (i: unknown) => (typeof i === 'string' ? i : (i as vscode.MessageItem).title);
      shown.push({ level, text, modal: options?.modal === true, buttons: rest.map(title) });
      return rest.find((i) => title(i) === answer);
    };
    win.showWarningMessage = record('warning');
    win.showErrorMessage = record('error');
    try {
      await ensureConnectionTested({ ...services, testedConnections: new Set() }, target, { url });
      return { outcome: 'send', shown };
    } catch (error) {
      return { outcome: (error as Error).name, shown };
    } finally {
      win.showWarningMessage = originals.warning;
      win.showErrorMessage = originals.error;
    }
  }

  it('after a failed test that may be transient, asks with Don\'t Send as the default; only Send Anyway sends', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end());
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicomweb`;
    const declined = await checkRecording(url);
    assert.deepEqual(declined.shown.map((m) => [m.level, m.modal, m.buttons]), [['warning', true, ["Don't Send", 'Send Anyway']]]);
    assert.match(declined.shown[0]!.text, /HTTP 503/);
    assert.equal(declined.outcome, 'UserCancelledError');
    assert.equal((await checkRecording(url, 'Send Anyway')).outcome, 'send');
  });

  it('an untrusted certificate offers no Send Anyway: it says to set the CA or host name and opens the endpoint settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    const server = createHttpsServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => res.end('[]'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const opened: unknown[][] = [];
    const commands = vscode.commands as unknown as { executeCommand: (...a: unknown[]) => Promise<unknown> };
    const original = commands.executeCommand;
    commands.executeCommand = async (...a: unknown[]) => void opened.push(a);
    try {
      const { outcome, shown } = await checkRecording(`https://localhost:${(server.address() as AddressInfo).port}/dicomweb`, 'Open Endpoint Settings');
      assert.equal(outcome, 'UserCancelledError');
      assert.deepEqual(shown.map((m) => [m.level, m.modal, m.buttons]), [['error', false, ['Open Endpoint Settings']]]);
      assert.match(shown[0]!.text, /not trusted.*Set the endpoint's CA certificate or use the certificate's host name/);
      assert.deepEqual(opened, [['workbench.action.openSettings', 'imagingLab.dicomweb.endpoints']]);
    } finally {
      commands.executeCommand = original;
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a certificate that is not the pinned one offers no Send Anyway: one error naming both fingerprints, nothing sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'il-pin-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    const server = createHttpsServer({ key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) }, (_req, res) => res.end('[]'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const wrongPin = Array.from({ length: 32 }, () => 'AB').join(':');
    try {
      const shown: string[] = [];
      const originals = { warning: win.showWarningMessage, error: win.showErrorMessage };
      win.showWarningMessage = async (text: string, ...buttons: unknown[]) => void shown.push(`warning ${text} ${buttons.length}`);
      win.showErrorMessage = async (text: string, ...buttons: unknown[]) => void shown.push(`error ${text} [${buttons.length} buttons]`);
      let outcome = 'send';
      try {
        await ensureConnectionTested({ ...services, testedConnections: new Set() }, target, { url: `https://localhost:${(server.address() as AddressInfo).port}/dicomweb`, pinSha256: wrongPin });
      } catch (error) {
        outcome = (error as Error).name;
      } finally {
        win.showWarningMessage = originals.warning;
        win.showErrorMessage = originals.error;
      }
      assert.equal(outcome, 'UserCancelledError');
      assert.equal(shown.length, 1, shown.join('\n'));
      assert.match(shown[0]!, new RegExp(`^error The connection test to mde-1 failed: the TLS certificate of localhost:\\d+ is not the pinned one: expected SHA-256 ${wrongPin}, the server presented [0-9A-F:]{95}\\..*\\. Nothing was sent\\. \\[0 buttons\\]$`));
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a refused connection offers no Send Anyway: one error saying nothing can be sent', async () => {
    const { outcome, shown } = await checkRecording('http://127.0.0.1:2/dicomweb', 'Send Anyway');
    assert.equal(outcome, 'UserCancelledError');
    assert.deepEqual(shown.map((m) => [m.level, m.modal, m.buttons]), [['error', false, []]]);
    assert.match(shown[0]!.text, /refused the connection.*Nothing can be sent until it is reachable\.$/);
  });
});
