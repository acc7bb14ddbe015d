import * as vscode from 'vscode';
import { formatConfigProblem } from '../../core/aws/profiles';
import { CommandIds } from '../commandIds';
import { Settings, updateSetting } from '../configuration';
import type { Services } from '../services';
import { required } from '../userCancelled';

type ProfileItem = vscode.QuickPickItem & { profile?: string; action?: 'regions' | 'default' };

/** Picks the AWS profile (and offers the region picker); also where the status bar leads. */
export async function selectProfile(services: Services): Promise<void> {
  const { profiles, problems } = await services.session.profiles();
  const current = services.session.session.profile;
  const items: ProfileItem[] = [
    { label: '$(globe) Change regions…', description: services.session.session.regions.join(', '), action: 'regions' },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(terminal) Default credential chain', description: 'AWS_PROFILE, environment variables, then [default]', action: 'default' },
    ...profiles.map((p) => ({
      label: `${p.name === current ? '$(check) ' : ''}${p.name}`,
      description: [p.source, p.region].filter(Boolean).join(' · '),
      profile: p.name,
    })),
  ];
  if (problems.length > 0) {
    items.push({ label: 'Problems in the AWS files', kind: vscode.QuickPickItemKind.Separator });
    items.push(...problems.map((p) => ({ label: `$(warning) ${formatConfigProblem(p)}` })));
  }
  const picked = required(await vscode.window.showQuickPick(items, { placeHolder: `AWS profile (current: ${current ?? 'default chain'})` }));
  if (picked.action === 'regions') return void (await vscode.commands.executeCommand(CommandIds.selectRegions));
  if (picked.action === 'default') return updateSetting(Settings.profile, '');
  if (picked.profile) await updateSetting(Settings.profile, picked.profile);
}
