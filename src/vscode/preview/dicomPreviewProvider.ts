import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { Services } from '../services';
import { newNonce, previewHtml } from './previewHtml';
import { isPageMessage, type HostMessage } from './protocol';

/** Files larger than this are not loaded into the preview (the whole file goes to the webview). */
export const MAX_PREVIEW_BYTES = 1024 * 1024 * 1024;

/**
 * Read-only DICOM editor. The extension host only checks the file and gives the page its webview
 * URI; the page fetches it, and parsing, decoding and rendering happen in a worker inside the
 * webview (never the UI thread, never the extension host).
 */
export class DicomPreviewProvider implements vscode.CustomReadonlyEditorProvider {
  /** Open-to-first-pixels times (ms), newest last; read by tests and the output channel. */
  static readonly firstPixels: { uri: string; milliseconds: number }[] = [];

  constructor(private readonly services: Services) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const dist = vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview');
    const webview = panel.webview;
    // The file's folder too: the page fetches the file itself, as VS Code's image preview does.
    webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(document.uri, '..')] };
    const uri = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(dist, name)).toString();
    webview.html = previewHtml({ cspSource: webview.cspSource, nonce: newNonce(), scriptUri: uri('preview.js'), workerUri: uri('previewWorker.js'), wasmUri: uri('dcmjs-native-codecs.wasm') });
    const opened = Date.now();
    const subscription = webview.onDidReceiveMessage(async (message: unknown) => {
      if (!isPageMessage(message)) return;
      if (message.type === 'ready') void webview.postMessage(await this.load(document.uri, webview));
      else if (message.type === 'sendDicom') void vscode.commands.executeCommand(CommandIds.sendDicom, document.uri);
      else if (message.type === 'sendDeidentified') void vscode.commands.executeCommand(CommandIds.sendDeidentified, document.uri);
      else if (message.type === 'firstPixels') {
        const milliseconds = Date.now() - opened;
        DicomPreviewProvider.firstPixels.push({ uri: document.uri.toString(), milliseconds });
        this.services.output.info(`DICOM preview: first pixels of ${document.uri.fsPath} after ${milliseconds} ms`);
      }
    });
    panel.onDidDispose(() => subscription.dispose());
  }

  private async load(uri: vscode.Uri, webview: vscode.Webview): Promise<HostMessage> {
    const name = uri.path.split('/').pop() ?? uri.toString();
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_PREVIEW_BYTES) return { type: 'fileError', message: `${name} is ${(stat.size / 1024 ** 3).toFixed(1)} GiB, more than the preview loads (1 GiB). Send it or open it in a dedicated viewer.` };
      return { type: 'file', name, url: webview.asWebviewUri(uri).toString() };
    } catch (error) {
      return { type: 'fileError', message: `Cannot read ${name}: ${(error as Error).message}. Check that the file still exists and is readable.` };
    }
  }
}
