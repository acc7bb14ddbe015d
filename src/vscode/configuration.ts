import * as vscode from 'vscode';

export const SETTING_SECTION = 'imagingLab';

/** Typed access to the extension's settings (declared in package.json `contributes.configuration`). */
export const Settings = {
  profile: 'aws.profile',
  regions: 'aws.regions',
  showOtherStacks: 'stacks.showOtherStacks',
} as const;

export interface AwsSettings {
  /** Empty means the SDK default chain (AWS_PROFILE, environment, `default`). */
  readonly profile: string | undefined;
  readonly regions: readonly string[];
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTING_SECTION);
}

export function readAwsSettings(): AwsSettings {
  const profile = section().get<string>(Settings.profile, '').trim();
  return { profile: profile || process.env.AWS_PROFILE || undefined, regions: section().get<string[]>(Settings.regions, []) };
}

export function showOtherStacks(): boolean {
  return section().get<boolean>(Settings.showOtherStacks, true);
}

export async function updateSetting(key: (typeof Settings)[keyof typeof Settings], value: unknown): Promise<void> {
  await section().update(key, value, vscode.ConfigurationTarget.Global);
}

export function affectsAwsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SETTING_SECTION}.aws`);
}
