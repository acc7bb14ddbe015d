import * as vscode from 'vscode';
import type { DeidOptions } from '../../core/deid/profileActions';
import { required } from '../userCancelled';

export interface DeidChoices {
  readonly options: DeidOptions;
  readonly includeBurnedIn: boolean;
}

/** The profile's options and the burned-in override, as one multi-select (nothing picked = basic profile). */
export async function pickDeidChoices(): Promise<DeidChoices> {
  const items: (vscode.QuickPickItem & { key: 'clean' | 'dates' | 'burned' })[] = [
    { key: 'clean', label: 'Clean Descriptors', description: 'keep descriptions, with identifying values masked (PS3.15 E.3.5)' },
    { key: 'dates', label: 'Retain Longitudinal Temporal Information', description: 'keep full dates and times (PS3.15 E.3.6)' },
    { key: 'burned', label: 'Include burned-in instances', description: 'also send instances whose pixels may show identity (held back otherwise)' },
  ];
  const picked = required(
    await vscode.window.showQuickPick(items, {
      title: 'De-identify: Basic Application Level Confidentiality Profile (PS3.15 Annex E) plus…',
      placeHolder: 'Pick options, or press Enter for the basic profile alone',
      canPickMany: true,
      ignoreFocusOut: true,
    }),
  );
  const has = (key: string) => picked.some((p) => p.key === key);
  return { options: { cleanDescriptors: has('clean'), retainDates: has('dates') }, includeBurnedIn: has('burned') };
}

/** Send to a server, or a dry run into a folder. */
export async function pickDestination(): Promise<{ kind: 'send' } | { kind: 'folder'; dir: string }> {
  const choice = required(
    await vscode.window.showQuickPick(
      [
        { label: '$(cloud-upload) Send to a DICOMweb server…', destination: 'send' as const },
        { label: '$(folder) Write de-identified copies to a folder (dry run)…', destination: 'folder' as const },
      ],
      { title: 'Send De-identified', ignoreFocusOut: true },
    ),
  );
  if (choice.destination === 'send') return { kind: 'send' };
  const folder = required(await vscode.window.showOpenDialog({ title: 'Folder for the de-identified copies', canSelectFolders: true, canSelectFiles: false, openLabel: 'Write Here' }))[0];
  if (!folder) throw new Error('no folder chosen');
  return { kind: 'folder', dir: folder.fsPath };
}
