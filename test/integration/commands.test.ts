import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension } from './support/extensionUnderTest';

interface MenuEntry {
  readonly command?: string;
  readonly submenu?: string;
  readonly when?: string;
}

describe('commands', () => {
  it('registers every command package.json contributes', async () => {
    const { extension } = await activatedExtension();
    const contributed = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed in package.json but not registered by activate(): ${missing.join(', ')}`);
  });

  it('only puts contributed commands into menus', async () => {
    const { extension } = await activatedExtension();
    const contributes = extension.packageJSON.contributes as { commands: { command: string }[]; menus?: Record<string, MenuEntry[]> };
    const known = new Set(contributes.commands.map((c) => c.command));
    const unknown = Object.entries(contributes.menus ?? {}).flatMap(([menu, entries]) =>
      entries.filter((e) => e.command && !known.has(e.command)).map((e) => `${menu}: ${e.command}`),
    );
    assert.deepEqual(unknown, []);
  });

  it('registers commands only under the extension prefix', async () => {
    const { extension } = await activatedExtension();
    const contributed = new Set((extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command));
    // VS Code itself registers `<viewId>.focus`, `.resetViewLocation`... for every contributed view.
    const viewIds = Object.values(extension.packageJSON.contributes.views as Record<string, { id: string }[]>).flat().map((v) => `${v.id}.`);
    const ours = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('imagingLab.') && !viewIds.some((v) => id.startsWith(v)));
    const undeclared = ours.filter((id) => !contributed.has(id) && !id.startsWith('imagingLab.internal.'));
    assert.deepEqual(undeclared, [], `registered but not declared in package.json (invisible in the palette): ${undeclared.join(', ')}`);
  });
});
