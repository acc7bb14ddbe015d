import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { looksLikeCloudFormation, TEMPLATE_SNIFF_BYTES } from '../core/cfn/looksLikeTemplate';
import { ContextKeys } from './commandIds';

/** Files that may be templates; others are never read. */
const CANDIDATE = /\.(json|ya?ml|template)$/i;
const SCAN_GLOB = '**/*.{json,yaml,yml,template}';
const SCAN_EXCLUDE = '{**/node_modules/**,**/.git/**,**/.vscode/**,**/out/**,**/dist/**}';
const SCAN_LIMIT = 500;
/** After activation, so the scan never competes with it. */
const SCAN_DELAY_MS = 2000;

async function head(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(TEMPLATE_SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

/**
 * Keeps `imagingLab.templateFiles` (paths) to the CloudFormation templates among open documents and
 * the workspace's JSON/YAML files (each sniffed from its first 64 KB), so "Deploy with Imaging Lab"
 * is offered on templates and not on settings.json or package.json.
 */
export function trackTemplateFiles(): vscode.Disposable {
  const paths = new Set<string>();
  const publish = () => void vscode.commands.executeCommand('setContext', ContextKeys.templateFiles, [...paths].sort());
  const consider = (uri: vscode.Uri, text: string) => {
    if (uri.scheme !== 'file' || !CANDIDATE.test(uri.path)) return;
    const had = paths.has(uri.fsPath);
    const is = looksLikeCloudFormation(text);
    if (is) paths.add(uri.fsPath);
    else paths.delete(uri.fsPath);
    if (had !== is) publish();
  };
  const fromDocument = (doc: vscode.TextDocument) => consider(doc.uri, doc.getText(new vscode.Range(0, 0, doc.positionAt(TEMPLATE_SNIFF_BYTES).line + 1, 0)));
  const scan = async () => {
    for (const uri of await vscode.workspace.findFiles(SCAN_GLOB, SCAN_EXCLUDE, SCAN_LIMIT)) {
      // A file that cannot be read is simply not offered.
      if (uri.scheme === 'file') consider(uri, await head(uri.fsPath).catch(() => ''));
    }
  };
  vscode.workspace.textDocuments.forEach(fromDocument);
  publish();
  const timer = setTimeout(() => void scan(), SCAN_DELAY_MS);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(fromDocument),
    vscode.workspace.onDidSaveTextDocument(fromDocument),
    { dispose: () => clearTimeout(timer) },
  );
}
