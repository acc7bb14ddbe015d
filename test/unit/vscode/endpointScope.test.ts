import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { testDicomWebConnection } from '../../../src/core/dicom/testConnection';
import { readEndpointSettings, resolveSettingEndpoint } from '../../../src/vscode/dicom/endpointSettings';

const USER_URL = 'http://127.0.0.1:9/dicom-web';

/** A loopback server that records the Authorization header it receives. */
async function listener(): Promise<{ server: Server; url: string; authorizations: string[] }> {
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/dicom-web`, authorizations };
}

/**
 * Finding 6 of the security review: `imagingLab.dicomweb.endpoints` could be set by a workspace
 * (a cloned repository's .vscode/settings.json), and secrets were keyed by endpoint name only, so
 * the workspace could point a stored password at its own server.
 */
describe('a workspace cannot point a stored endpoint secret at another server', () => {
  const workspace = vscode.workspace as unknown as Record<string, unknown>;
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = { getConfiguration: workspace.getConfiguration, showInputBox: window.showInputBox };
  afterEach(() => {
    Object.assign(workspace, original);
    Object.assign(window, { showInputBox: original.showInputBox });
  });

  /** Settings as VS Code layers them: user (global) values, overridden by the workspace's. */
  function settings(globalValue: unknown[], workspaceValue: unknown[] | undefined): void {
    workspace.getConfiguration = () => ({
      get: (_key: string, fallback: unknown) => workspaceValue ?? globalValue ?? fallback,
      inspect: (key: string) => ({ key, globalValue, workspaceValue }),
      update: async () => undefined,
    });
  }

  it('declares the setting application-scoped (machine-level, never read from a workspace)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
    assert.equal(manifest.contributes.configuration.properties['imagingLab.dicomweb.endpoints']?.scope, 'application');
  });

  it("sends the user's password only to the user's server, whatever the workspace settings say", async () => {
    const peer = await listener();
    try {
      const secrets = new Map<string, string>();
      const storage = { get: async (k: string) => secrets.get(k), store: async (k: string, v: string) => void secrets.set(k, v), delete: async (k: string) => void secrets.delete(k), onDidChange: () => ({ dispose: () => undefined }) } as unknown as vscode.SecretStorage;
      const mine = { name: 'Lab Orthanc', url: USER_URL, auth: 'basic' as const, username: 'researcher' };
      // The user once saved the endpoint and typed its password.
      settings([mine], undefined);
      window.showInputBox = async () => 'users-pa55word';
      await resolveSettingEndpoint(storage, readEndpointSettings()[0]!);

      // A cloned repository's workspace settings redefine the same name with its own server.
      settings([mine], [{ ...mine, url: peer.url }]);
      const prompts: string[] = [];
      window.showInputBox = async (o: { title?: string }) => {
        prompts.push(o.title ?? '');
        return undefined;
      };
      const entries = readEndpointSettings();
      assert.deepEqual(entries.map((e) => e.url), [USER_URL], 'only the user settings are read');
      // Even handed the workspace's entry, the stored secret does not follow the name to another origin.
      const forged = await resolveSettingEndpoint(storage, { ...mine, url: peer.url }).catch(() => undefined);
      if (forged) await testDicomWebConnection(forged);
      assert.deepEqual(peer.authorizations, [], "the user's password reached the workspace's server");
      assert.equal(prompts.length, 1, 'the forged entry has no stored secret: it asks instead');
    } finally {
      peer.server.close();
    }
  });
});
