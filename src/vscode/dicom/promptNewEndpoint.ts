import * as vscode from 'vscode';
import { notificationText } from '../../core/util/text';
import type { Services } from '../services';
import { UserCancelledError } from '../userCancelled';
import type { Prompter } from '../wizards/prompter';
import { checkConnection, showSecurityWarnings } from './connectionCheck';
import { readEndpointSettings, resolveSettingEndpoint, saveEndpointSetting, storeEndpointSecret } from './endpointSettings';
import { runEndpointWizard } from './endpointWizard';

async function pickPemFile(title: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { 'PEM files': ['pem', 'crt', 'cer', 'key'], 'All files': ['*'] } });
  return picked?.[0]?.fsPath;
}

/**
 * Asks for a DICOMweb endpoint (the endpoint wizard), saves it in the user settings
 * (`imagingLab.dicomweb.endpoints`), then, and only then, keeps its password or token in
 * SecretStorage, and tests it. Returns the endpoint name.
 */
export async function promptNewEndpoint(services: Pick<Services, 'context' | 'output'>, prompter?: Prompter): Promise<string> {
  const asking = prompter ?? new (await import('../wizards/quickInputPrompter')).QuickInputPrompter();
  const answers = await runEndpointWizard({ existingNames: new Set(readEndpointSettings().map((e) => e.name)), pickPemFile }, asking);
  if (!answers) throw new UserCancelledError();
  const { setting, secret } = answers;
  await saveEndpointSetting(setting);
  if (secret !== undefined) await storeEndpointSecret(services.context.secrets, setting, secret);
  services.output.info(`added DICOMweb endpoint ${setting.name} (${setting.url}, auth ${setting.auth})`);
  const endpoint = await resolveSettingEndpoint(services.context.secrets, setting);
  const check = await checkConnection(services, { id: `setting:${setting.name}`, label: setting.name, description: setting.url, resolve: async () => endpoint }, endpoint);
  showSecurityWarnings(services, check.securityWarnings);
  if (check.ok) void vscode.window.showInformationMessage(notificationText(`Saved ${setting.name}. ${check.message}`));
  else void vscode.window.showWarningMessage(notificationText(`Saved ${setting.name}, but the connection test failed: ${check.message}`));
  return setting.name;
}
