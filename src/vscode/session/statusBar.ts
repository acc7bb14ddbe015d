import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { IdentityState, SessionManager } from './sessionManager';

/**
 * Shows the active profile and account; a click opens the profile/region picker. Screen readers get
 * a plain sentence (accessibilityInformation), not the markdown of the tooltip or the icon syntax.
 */
export function createSessionStatusBar(sessions: SessionManager): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('imagingLab.session', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Imaging Lab: AWS profile';
  item.command = CommandIds.selectProfile;
  const render = (state: IdentityState) => {
    const { profile, regions } = sessions.session;
    const name = profile ?? 'default chain';
    const where = regions.length === 1 ? regions[0] : `${regions.length} regions`;
    if (state.state === 'ok') {
      item.text = `$(cloud) ${name} · ${state.identity.account}`;
      item.tooltip = new vscode.MarkdownString(`**Imaging Lab AWS session**\n\nProfile: \`${name}\`\n\nAccount: \`${state.identity.account}\`\n\nIdentity: \`${state.identity.arn}\`\n\nRegions: ${regions.join(', ')}\n\nClick to change profile or regions.`);
      item.backgroundColor = undefined;
      // Screen readers get words, not the tooltip's markdown.
      item.accessibilityInformation = { label: `Imaging Lab AWS session: profile ${name}, account ${state.identity.account}. Activate to change profile or regions.` };
    } else if (state.state === 'error') {
      item.text = `$(warning) ${name}`;
      item.tooltip = `${state.error.message}\n\nClick to pick another profile.`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.accessibilityInformation = { label: `Imaging Lab AWS session: profile ${name}: ${state.error.message}. Activate to pick another profile.` };
    } else {
      item.text = `$(loading~spin) ${name} · ${where}`;
      item.tooltip = 'Checking AWS credentials…';
      item.backgroundColor = undefined;
      item.accessibilityInformation = { label: `Imaging Lab AWS session: checking the credentials of profile ${name} in ${where}` };
    }
    item.show();
  };
  render(sessions.identity);
  const sub = sessions.onDidChangeIdentity(render);
  return vscode.Disposable.from(item, sub);
}
