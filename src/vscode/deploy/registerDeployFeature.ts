import * as vscode from 'vscode';
import type { Services } from '../services';
import { ProgressPanel } from '../webviews/progress/progressPanel';
import { PROGRESS_VIEW_TYPE, type ProgressTarget } from '../webviews/progress/protocol';
import { Deployments } from './deployments';

const instances = new WeakMap<Services, Deployments>();

/** The window's deployments (created on first use; the lead may move it into Services). */
export function deploymentsFor(services: Services): Deployments {
  let d = instances.get(services);
  if (!d) {
    const created = new Deployments(services, (target: ProgressTarget) => ProgressPanel.show(services, created, target));
    services.context.subscriptions.push(created);
    instances.set(services, created);
    d = created;
  }
  return d;
}

/** Call once in activate(): restores progress panels after a reload. */
export function registerDeployFeature(services: Services): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(PROGRESS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state) {
      ProgressPanel.revive(services, deploymentsFor(services), panel, state);
    },
  });
}
