import * as vscode from 'vscode';

/** [codicon, theme colour] per stack status: every status looks different (unit-tested). */
const STATUS_ICONS: Readonly<Record<string, readonly [string, string]>> = {
  CREATE_IN_PROGRESS: ['sync~spin', 'charts.blue'],
  CREATE_FAILED: ['error', 'testing.iconFailed'],
  CREATE_COMPLETE: ['pass-filled', 'testing.iconPassed'],
  ROLLBACK_IN_PROGRESS: ['history', 'charts.orange'],
  ROLLBACK_FAILED: ['close', 'errorForeground'],
  ROLLBACK_COMPLETE: ['discard', 'charts.orange'],
  DELETE_IN_PROGRESS: ['loading~spin', 'charts.red'],
  DELETE_FAILED: ['trash', 'errorForeground'],
  DELETE_COMPLETE: ['circle-slash', 'disabledForeground'],
  UPDATE_IN_PROGRESS: ['sync~spin', 'charts.yellow'],
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: ['clear-all', 'charts.green'],
  UPDATE_COMPLETE: ['check-all', 'testing.iconPassed'],
  UPDATE_FAILED: ['warning', 'errorForeground'],
  UPDATE_ROLLBACK_IN_PROGRESS: ['history', 'charts.yellow'],
  UPDATE_ROLLBACK_FAILED: ['issues', 'errorForeground'],
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: ['clear-all', 'charts.orange'],
  UPDATE_ROLLBACK_COMPLETE: ['debug-step-back', 'charts.orange'],
  REVIEW_IN_PROGRESS: ['eye', 'charts.purple'],
  IMPORT_IN_PROGRESS: ['cloud-download', 'charts.blue'],
  IMPORT_COMPLETE: ['cloud', 'testing.iconPassed'],
  IMPORT_ROLLBACK_IN_PROGRESS: ['cloud-download', 'charts.orange'],
  IMPORT_ROLLBACK_FAILED: ['cloud', 'errorForeground'],
  IMPORT_ROLLBACK_COMPLETE: ['cloud', 'charts.orange'],
};

export function statusIconSpec(status: string): readonly [string, string] {
  return STATUS_ICONS[status] ?? ['question', 'disabledForeground'];
}

export function statusIcon(status: string): vscode.ThemeIcon {
  const [icon, colour] = statusIconSpec(status);
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(colour));
}

export function knownStatusIcons(): readonly (readonly [string, readonly [string, string]])[] {
  return Object.entries(STATUS_ICONS);
}
