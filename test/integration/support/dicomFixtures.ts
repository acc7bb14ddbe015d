import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDicom } from 'dicom-parser';
import * as vscode from 'vscode';

const SAMPLES = resolve(__dirname, '..', '..', '..', 'media', 'samples');

/** Study and SOP Instance UIDs read straight from a file (an oracle independent of the extension's reader). */
export function sampleUids(file: string): { study: string; sop: string } {
  const dataSet = parseDicom(new Uint8Array(readFileSync(file)), { untilTag: 'x7fe00010' });
  const study = dataSet.string('x0020000d');
  const sop = dataSet.string('x00080018');
  if (!study || !sop) throw new Error(`${file} has no Study or SOP Instance UID`);
  return { study, sop };
}

/** Copies the bundled sample files of `folder` (e.g. `ct`) into `target`; returns the copies. */
export function copySamples(folder: string, target: string): string[] {
  mkdirSync(target, { recursive: true });
  return readdirSync(join(SAMPLES, folder))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => {
      copyFileSync(join(SAMPLES, folder, name), join(target, name));
      return join(target, name);
    });
}

/** A file that is not DICOM (short text, or padded past the 132-byte preamble + marker). */
export function writeNotDicom(path: string, text: string, padTo = 0): string {
  writeFileSync(path, text.padEnd(padTo, '.'));
  return path;
}

const REPORT_SCHEME = 'imaging-lab-report';

/** The read-only report documents the extension has open. */
export function reportDocuments(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === REPORT_SCHEME);
}

/** Closes every editor tab showing a report document. */
export async function closeReportTabs(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === REPORT_SCHEME);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
