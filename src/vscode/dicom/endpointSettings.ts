import * as vscode from 'vscode';
import { dicomWebBase, makeEndpoint, type DicomWebAuth, type DicomWebEndpoint } from '../../core/dicom/endpoint';
import { required } from '../userCancelled';

/** One entry of the `imagingLab.dicomweb.endpoints` setting (no secrets: those live in SecretStorage). */
export interface EndpointSetting {
  readonly name: string;
  readonly url: string;
  readonly auth?: 'none' | 'basic' | 'bearer';
  readonly username?: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly insecure?: boolean;
  /** SHA-256 fingerprint of the server certificate: exactly that certificate is trusted. */
  readonly pinSha256?: string;
}

const SECTION = 'imagingLab.dicomweb';
const KEY = 'endpoints';

/**
 * The endpoints of the user settings only. The setting is application-scoped (package.json), and
 * this reads the global value explicitly: a workspace (a cloned repository) must not be able to
 * add an endpoint or point a stored secret at another server.
 */
export function readEndpointSettings(): EndpointSetting[] {
  const raw = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>(KEY)?.globalValue ?? [];
  return (Array.isArray(raw) ? raw : []).filter(
    (e): e is EndpointSetting => typeof e === 'object' && e !== null && typeof (e as EndpointSetting).name === 'string' && typeof (e as EndpointSetting).url === 'string',
  );
}

export async function saveEndpointSetting(entry: EndpointSetting): Promise<void> {
  const others = readEndpointSettings().filter((e) => e.name !== entry.name);
  await vscode.workspace.getConfiguration(SECTION).update(KEY, [...others, entry], vscode.ConfigurationTarget.Global);
}

/** A secret belongs to an endpoint name AND the origin it was given for: the same name pointed elsewhere has none. */
function secretKey(name: string, url: string): string {
  return `imagingLab.dicomweb/${name}/${dicomWebBase(url).origin}`;
}

export function storeEndpointSecret(secrets: vscode.SecretStorage, entry: Pick<EndpointSetting, 'name' | 'url'>, secret: string): Thenable<void> {
  return secrets.store(secretKey(entry.name, entry.url), secret);
}

/** The endpoint with its password or token from SecretStorage, asking once if it is missing. */
export async function resolveSettingEndpoint(secrets: vscode.SecretStorage, entry: EndpointSetting): Promise<DicomWebEndpoint> {
  let auth: DicomWebAuth = { kind: 'none' };
  if (entry.auth === 'basic' || entry.auth === 'bearer') {
    let secret = await secrets.get(secretKey(entry.name, entry.url));
    if (secret === undefined) {
      secret = required(
        await vscode.window.showInputBox({
          title: `${entry.name}: ${entry.auth === 'basic' ? `password for ${entry.username ?? '(no user name set)'}` : 'bearer token'} at ${dicomWebBase(entry.url).origin}`,
          prompt: 'Stored in VS Code secret storage, never in settings.',
          password: true,
          ignoreFocusOut: true,
        }),
      );
      await storeEndpointSecret(secrets, entry, secret);
    }
    auth = entry.auth === 'basic' ? { kind: 'basic', username: entry.username ?? '', password: secret } : { kind: 'bearer', token: secret };
  }
  return makeEndpoint(entry.url, auth, entry);
}
