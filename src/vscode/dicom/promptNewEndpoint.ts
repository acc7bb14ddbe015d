import * as vscode from 'vscode';
import { dicomWebBase } from '../../core/dicom/endpoint';
import { checkConnection, showSecurityWarnings } from './connectionCheck';
import { readEndpointSettings, resolveSettingEndpoint, saveEndpointSetting, storeEndpointSecret, type EndpointSetting } from './endpointSettings';
import type { Services } from '../services';
import { required } from '../userCancelled';

async function pickPemFile(title: string): Promise<string> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] } });
  return required(picked?.[0]).fsPath;
}

/**
 * Asks for a DICOMweb endpoint (name, URL, auth, optional CA and client certificate), keeps the
 * password or token in SecretStorage, saves the rest in `imagingLab.dicomweb.endpoints`, and tests it.
 * Returns the endpoint name. "Skip TLS verification" is only available by editing the setting.
 */
export async function promptNewEndpoint(services: Services): Promise<string> {
  const existing = new Set(readEndpointSettings().map((e) => e.name));
  const name = required(
    await vscode.window.showInputBox({
      title: 'Add DICOMweb endpoint (1/4): name',
      placeHolder: 'e.g. Lab Orthanc',
      validateInput: (v) => (!v.trim() ? 'Give the endpoint a name.' : existing.has(v.trim()) ? 'An endpoint with this name exists.' : undefined),
      ignoreFocusOut: true,
    }),
  ).trim();
  const url = required(
    await vscode.window.showInputBox({
      title: 'Add DICOMweb endpoint (2/4): DICOMweb base URL',
      placeHolder: 'https://pacs.example.org/dicom-web',
      validateInput: (v) => {
        try {
          dicomWebBase(v.trim());
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
      ignoreFocusOut: true,
    }),
  ).trim();
  const authPick = required(
    await vscode.window.showQuickPick(
      [
        { label: 'No authentication', auth: 'none' as const },
        { label: 'User name and password (HTTP basic)', auth: 'basic' as const },
        { label: 'Bearer token', auth: 'bearer' as const },
      ],
      { title: 'Add DICOMweb endpoint (3/4): authentication', ignoreFocusOut: true },
    ),
  );
  let username: string | undefined;
  if (authPick.auth === 'basic') username = required(await vscode.window.showInputBox({ title: 'User name', ignoreFocusOut: true }));
  if (authPick.auth !== 'none') {
    const secret = required(await vscode.window.showInputBox({ title: authPick.auth === 'basic' ? 'Password' : 'Token', prompt: 'Stored in VS Code secret storage, never in settings.', password: true, ignoreFocusOut: true }));
    await storeEndpointSecret(services.context.secrets, name, secret);
  }
  let ca: string | undefined;
  let cert: string | undefined;
  let key: string | undefined;
  if (url.startsWith('https:')) {
    const tls = required(
      await vscode.window.showQuickPick(
        [
          { label: 'System trust only', id: 'default' },
          { label: 'Also trust a CA certificate file…', id: 'ca' },
          { label: 'CA certificate and a client certificate (mutual TLS)…', id: 'mtls' },
          { label: 'Client certificate only (mutual TLS)…', id: 'cert' },
        ],
        { title: 'Add DICOMweb endpoint (4/4): TLS', ignoreFocusOut: true },
      ),
    );
    if (tls.id === 'ca' || tls.id === 'mtls') ca = await pickPemFile('CA certificate (PEM)');
    if (tls.id === 'mtls' || tls.id === 'cert') {
      cert = await pickPemFile('Client certificate (PEM)');
      key = await pickPemFile('Client private key (PEM)');
    }
  }
  const entry: EndpointSetting = { name, url, auth: authPick.auth, ...(username ? { username } : {}), ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  await saveEndpointSetting(entry);
  services.output.info(`added DICOMweb endpoint ${name} (${url}, auth ${entry.auth})`);
  const endpoint = await resolveSettingEndpoint(services.context.secrets, entry);
  const check = await checkConnection(services, { id: `setting:${name}`, label: name, description: url, resolve: async () => endpoint }, endpoint);
  showSecurityWarnings(services, check.securityWarnings);
  if (check.ok) void vscode.window.showInformationMessage(`Saved ${name}. ${check.message}`);
  else void vscode.window.showWarningMessage(`Saved ${name}, but the connection test failed: ${check.message}`);
  return name;
}
