import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateWhen, type WhenContext } from './whenEval';
import { REPO } from './session';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command?: string; when?: string; group?: string }[]>;
  };
}

export function readManifest(): Manifest {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;
}

/** Titles the context menu `menuId` should list (inline buttons excluded) for a node with this context. */
export function expectedMenuTitles(menuId: string, context: WhenContext): string[] {
  const manifest = readManifest();
  const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
  return (manifest.contributes.menus?.[menuId] ?? [])
    .filter((e) => e.command && e.group !== 'inline' && evaluateWhen(e.when, context))
    .map((e) => titles.get(e.command ?? '') ?? `${e.command} (no title)`)
    .filter((t, i, all) => all.indexOf(t) === i)
    .sort();
}

/** "Category: Title" as the command palette shows it. */
export function paletteTitle(commandId: string): string {
  const c = readManifest().contributes.commands.find((x) => x.command === commandId);
  if (!c) throw new Error(`${commandId} is not contributed in package.json`);
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

/** Title of a contributed command, or undefined when package.json does not contribute it. */
export function commandTitle(commandId: string): string | undefined {
  return readManifest().contributes.commands.find((x) => x.command === commandId)?.title;
}
