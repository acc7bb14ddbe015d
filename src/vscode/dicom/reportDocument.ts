import * as vscode from 'vscode';

const SCHEME = 'imaging-lab-report';
const reports = new Map<string, string>();
let registered = false;
let counter = 0;

/**
 * Opens a plain-text report as a read-only document (a content provider, so it cannot be edited
 * or saved by accident). The provider registers itself on first use.
 */
export async function showReportDocument(context: vscode.ExtensionContext, title: string, text: string): Promise<void> {
  if (!registered) {
    registered = true;
    context.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => reports.get(uri.path) ?? 'This report is no longer available.' }),
    );
  }
  counter++;
  const path = `/${title.replace(/[^\w.-]+/g, '-')}-${counter}.txt`;
  reports.set(path, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path }));
  await vscode.window.showTextDocument(document, { preview: false });
}
