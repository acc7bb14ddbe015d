import type * as vscode from 'vscode';
import { TunnelRegistry } from '../core/ssh/tunnels';
import { CostMonitor } from './billing/costMonitor';
import type { Deployments } from './deploy/deployments';
import { ReportDocuments } from './reports/reportDocuments';
import type { Services } from './services';
import type { SessionManager } from './session/sessionManager';
import type { StacksTreeProvider } from './tree/stacksTreeProvider';
import { ProgressPanels } from './webviews/progress/progressPanels';

/** Makes `create()` on first call only, and disposes what it made with the extension. */
function once<T>(context: vscode.ExtensionContext, create: () => T, dispose: (made: T) => void): () => T {
  let made: { value: T } | undefined;
  return () => {
    if (!made) {
      const value = create();
      made = { value };
      context.subscriptions.push({ dispose: () => dispose(value) });
    }
    return made.value;
  };
}

async function loadDeployments(services: Services): Promise<Deployments> {
  const [{ Deployments }, { ProgressPanel }] = await Promise.all([import('./deploy/deployments'), import('./webviews/progress/progressPanel')]);
  const created: Deployments = new Deployments(services, (target, options) => ProgressPanel.show(services, created, target, options));
  services.context.subscriptions.push(created);
  return created;
}

/** The window's services. Deployments (and the SDK and panel code behind them) load on first use. */
export function createServices(context: vscode.ExtensionContext, session: SessionManager, stacksTree: StacksTreeProvider, output: vscode.LogOutputChannel): Services {
  let deployments: Promise<Deployments> | undefined;
  const services: Services = {
    context,
    session,
    stacksTree,
    output,
    deployments() {
      if (!deployments) {
        const loading = loadDeployments(services);
        deployments = loading;
        // A failed load (a broken install) is not kept: the next command tries again.
        loading.catch(() => (deployments = undefined));
      }
      return deployments;
    },
    tunnels: once(context, () => new TunnelRegistry(), (registry) => void registry.closeAll()),
    testedConnections: new Set(),
    reports: once(context, () => new ReportDocuments(), (reports) => reports.dispose()),
    progressPanels: once(context, () => new ProgressPanels(), (panels) => panels.dispose()),
    costs: once(context, () => new CostMonitor(session, () => context.globalStorageUri?.fsPath, output), (monitor) => monitor.dispose()),
  };
  return services;
}
