import * as vscode from 'vscode';

const SCHEME = 'imaging-lab-report';

/**
 * Plain-text reports shown as read-only documents (a content provider, so they cannot be edited or
 * saved by accident). A report is kept while its document is open and forgotten when it closes.
 */
export class ReportDocuments implements vscode.Disposable {
  private readonly reports = new Map<string, string>();
  private readonly disposables: vscode.Disposable[];
  private counter = 0;

  constructor() {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => this.reports.get(uri.path) ?? 'This report is no longer available.' }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === SCHEME) this.reports.delete(document.uri.path);
      }),
    ];
  }

  /** How many reports are held (for tests: closed ones are gone). */
  get size(): number {
    return this.reports.size;
  }

  async show(title: string, text: string): Promise<void> {
    this.counter++;
    const path = `/${title.replace(/[^\w.-]+/g, '-')}-${this.counter}.txt`;
    this.reports.set(path, text);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path }));
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.reports.clear();
    for (const d of this.disposables) d.dispose();
  }
}
