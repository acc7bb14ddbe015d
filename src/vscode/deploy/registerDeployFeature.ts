import * as vscode from 'vscode';
import type { Services } from '../services';
import { PROGRESS_VIEW_TYPE } from '../webviews/progress/protocol';

/**
 * Call once in activate(): restores progress panels after a reload. The panel code (and the SDK
 * clients it uses) loads only when a panel is actually restored.
 */
export function registerDeployFeature(services: Services): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PROGRESS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state) {
      const [{ ProgressPanel }, deployments] = await Promise.all([import('../webviews/progress/progressPanel'), services.deployments()]);
      ProgressPanel.revive(services, deployments, panel, state);
    },
  });
}
