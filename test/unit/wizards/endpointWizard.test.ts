import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { promptNewEndpoint } from '../../../src/vscode/dicom/promptNewEndpoint';
import type { Services } from '../../../src/vscode/services';
import { UserCancelledError } from '../../../src/vscode/userCancelled';
import { BACK } from '../../../src/vscode/wizards/prompter';
import { ScriptedPrompter } from './scriptedPrompter';

const win = vscode.window as unknown as Record<string, unknown>;
const workspace = vscode.workspace as unknown as Record<string, unknown>;

/** "Add DICOMweb Endpoint" as a wizard (issue 11): Back on every step, the secret stored only once the endpoint is saved. */
describe('Add DICOMweb Endpoint wizard', () => {
  const saved = { withProgress: win.withProgress, showOpenDialog: win.showOpenDialog, getConfiguration: workspace.getConfiguration };
  let settings: unknown[];
  let events: string[];
  let secrets: Map<string, string>;
  let services: Pick<Services, 'context' | 'output'>;

  beforeEach(() => {
    settings = [];
    events = [];
    secrets = new Map();
    win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
    workspace.getConfiguration = () => ({
      get: () => settings,
      inspect: (key: string) => ({ key, globalValue: settings }),
      update: async (_k: string, value: unknown[]) => {
        events.push('setting saved');
        settings = value;
      },
    });
    services = {
      context: { secrets: { get: async (k: string) => secrets.get(k), store: async (k: string, v: string) => void (events.push('secret stored'), secrets.set(k, v)), delete: async () => undefined } },
      output: { info: () => undefined, warn: () => undefined },
    } as unknown as Pick<Services, 'context' | 'output'>;
  });
  afterEach(() => Object.assign(win, { withProgress: saved.withProgress, showOpenDialog: saved.showOpenDialog }) && Object.assign(workspace, { getConfiguration: saved.getConfiguration }));

  it('asks name, URL, authentication, user and password with Back, then saves the setting before storing the secret', async () => {
    const prompter = new ScriptedPrompter([
      'Lab PACS',
      'ftp://127.0.0.1/x',
      'http://127.0.0.1:9/dicom-web',
      'Bearer token',
      BACK,
      BACK,
      'http://127.0.0.1:9/dicom-web/',
      'User name and password (HTTP basic)',
      'radiographer',
      'pa55-word',
    ]);
    assert.equal(await promptNewEndpoint(services, prompter), 'Lab PACS');
    const steps = prompter.asked.map((a) => `${a.step}/${a.totalSteps}${a.canGoBack ? '<' : ''} ${a.text}`);
    assert.deepEqual(steps, [
      '1/3 A name for the endpoint',
      '2/3< DICOMweb base URL',
      '3/3< How does the server authenticate?',
      '4/4< Token (kept in VS Code secret storage once the endpoint is saved, never in settings)',
      '3/4< How does the server authenticate?',
      '2/4< DICOMweb base URL',
      '3/4< How does the server authenticate?',
      '4/5< User name',
      '5/5< Password (kept in VS Code secret storage once the endpoint is saved, never in settings)',
    ]);
    assert.match(prompter.asked[1]?.rejected[0] ?? '', /must start with http/);
    assert.equal(prompter.asked.at(-1)?.password, true);
    assert.deepEqual(settings, [{ name: 'Lab PACS', url: 'http://127.0.0.1:9/dicom-web/', auth: 'basic', username: 'radiographer' }]);
    assert.deepEqual(events, ['setting saved', 'secret stored']);
    assert.deepEqual([...secrets.values()], ['pa55-word']);
    assert.ok(!JSON.stringify(settings).includes('pa55-word'), 'no secret in settings');
  });

  it('stores nothing when cancelled after the password was typed (no orphan secret)', async () => {
    win.showOpenDialog = async () => undefined;
    const prompter = new ScriptedPrompter(['Lab PACS', 'https://127.0.0.1:9/dicom-web', 'Bearer token', 't0ken', 'Also trust a CA certificate file…', undefined]);
    await assert.rejects(promptNewEndpoint(services, prompter), UserCancelledError);
    assert.deepEqual(events, []);
    assert.equal(secrets.size, 0);
    assert.deepEqual(prompter.asked.map((a) => a.text).slice(-2), ['Which certificates does the connection need?', 'Which certificates does the connection need?'], 'a closed file dialog asks the TLS step again');
  });

  it('refuses a name that exists', async () => {
    settings = [{ name: 'Lab PACS', url: 'https://127.0.0.1:9/' }];
    const prompter = new ScriptedPrompter(['Lab PACS', undefined]);
    await assert.rejects(promptNewEndpoint(services, prompter), UserCancelledError);
    assert.deepEqual(prompter.asked[0]?.rejected, ['An endpoint with this name exists.']);
  });
});
