import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Services } from '../../../src/vscode/services';
import { eventually } from './extensionUnderTest';

/**
 * The text of the "Imaging Lab" log channel as VS Code wrote it to disk (a LogOutputChannel is a
 * file in the extension's log folder), once it contains `expected`.
 */
export async function logChannelText(services: Services, expected: RegExp): Promise<string> {
  // The extension host's log folder (the extension's own folder is one level down).
  const folder = dirname(services.context.logUri.fsPath);
  return eventually(`the log channel to show ${expected}`, async () => {
    const entries = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
    const files = entries.filter((f) => /Imaging Lab\.log$/.test(basename(f)));
    const texts = await Promise.all(files.map((f) => readFile(join(folder, f), 'utf8')));
    const text = texts.join('\n');
    return expected.test(text) ? text : undefined;
  });
}
