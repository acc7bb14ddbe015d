import type * as vscode from 'vscode';
import type { TunnelRegistry } from '../core/ssh/tunnels';
import type { Deployments } from './deploy/deployments';
import type { ReportDocuments } from './reports/reportDocuments';
import type { CostMonitor } from './billing/costMonitor';
import type { SessionManager } from './session/sessionManager';
import type { StacksTreeProvider } from './tree/stacksTreeProvider';
import type { ProgressPanels } from './webviews/progress/progressPanels';

/**
 * What every command and view receives; built once in activate() (createServices). It owns the
 * window's long-lived objects: each is made on first use and disposed with the extension.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly session: SessionManager;
  readonly stacksTree: StacksTreeProvider;
  readonly output: vscode.LogOutputChannel;
  /** The stack operations the window follows (progress panels, status bar, notifications); loads the SDK on first use. */
  deployments(): Promise<Deployments>;
  /** SSH tunnels opened in this window; all closed when the extension deactivates. */
  tunnels(): TunnelRegistry;
  /** DICOMweb targets (with the URL they were reached at) whose connection test passed in this window. */
  readonly testedConnections: Set<string>;
  /** Read-only report documents, each forgotten when its editor closes. */
  reports(): ReportDocuments;
  /** The open progress panels, one per stack (a panel is created when first shown); all closed with the extension. */
  progressPanels(): ProgressPanels;
  /** What the listed stacks cost now (status bar, stack nodes); power commands invalidate it. */
  costs(): CostMonitor;
}
