import * as vscode from 'vscode';

export const SETTING_SECTION = 'imagingLab';

/** Typed access to the extension's settings (declared in package.json `contributes.configuration`). */
export const Settings = {
  profile: 'aws.profile',
  regions: 'aws.regions',
  showOtherStacks: 'stacks.showOtherStacks',
  dicomStrict: 'dicom.strict',
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

/** Refuse files with a missing or inconsistent meta header instead of sending them with a warning. */
export function dicomStrict(): boolean {
  return section().get<boolean>(Settings.dicomStrict, false);
}

/**
 * Writes where the value is read from: the most specific scope that already sets it (a workspace
 * value would silently win over a user value), else the user settings.
 */
export async function updateSetting(key: (typeof Settings)[keyof typeof Settings], value: unknown): Promise<void> {
  const inspected = section().inspect(key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await section().update(key, value, target);
}

export function affectsAwsSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SETTING_SECTION}.aws`);
}
