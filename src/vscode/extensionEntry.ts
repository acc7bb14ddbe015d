import { join } from 'node:path';
import type * as vscode from 'vscode';
import { loadBundle, useCodeCache, writeCodeCache } from '../core/runtime/vendorModules';

/**
 * What VS Code loads (dist/extension.js): a few lines that set the code cache up, then load the
 * extension (dist/extension-main.js, built from extension.ts) and, later, its vendor bundles
 * through it, so activations after the first start from the code V8 compiled before.
 * extension-main.js takes the loader from this file, so there is one loader and one cache.
 */
export { loadVendorModule } from '../core/runtime/vendorModules';

type Extension = typeof import('./extension');
let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): ReturnType<Extension['activate']> {
  useCodeCache(context.globalStorageUri ? join(context.globalStorageUri.fsPath, 'code-cache') : undefined);
  extension = loadBundle(join(__dirname, 'extension-main.js')) as Extension;
  return extension.activate(context);
}

export function deactivate(): void {
  extension?.deactivate();
  writeCodeCache();
}
