import * as vscode from 'vscode';
import type { Services } from '../services';

/** Computes every listed stack's hourly figure again (the status bar's click). */
export async function refreshCosts(services: Services): Promise<void> {
  const monitor = services.costs();
  monitor.invalidate();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Computing what the stacks cost now…' }, () => monitor.settled());
}
