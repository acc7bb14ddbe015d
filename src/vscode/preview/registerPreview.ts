import * as vscode from 'vscode';
import type { Services } from '../services';
import { DicomPreviewProvider } from './dicomPreviewProvider';
import { PREVIEW_ANY_FILE_VIEW_TYPE, PREVIEW_VIEW_TYPE } from './protocol';

/**
 * Registers the DICOM preview editor. Cheap at activation: the provider imports no DICOM code;
 * the page and its worker bundle (dcmjs, dcmjs-imaging, codecs) load only when a file is opened.
 */
export function registerPreview(services: Services): vscode.Disposable {
  const provider = new DicomPreviewProvider(services);
  const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(PREVIEW_VIEW_TYPE, provider, options),
    vscode.window.registerCustomEditorProvider(PREVIEW_ANY_FILE_VIEW_TYPE, provider, options),
  );
}
