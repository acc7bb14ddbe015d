import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedMenuPaths, type MenuManifest } from '../../support/manifestMenuTree';
import type { WhenContext } from '../../support/whenEval';
import { REPO } from './session';

export function readManifest(): MenuManifest {
  return JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as MenuManifest;
}

/**
 * What the context menu `menuId` should list (inline buttons excluded) for a node with this context:
 * "Title" on the top level, "Submenu › Title" inside a submenu.
 */
export function expectedMenuTitles(menuId: string, context: WhenContext): string[] {
  return expectedMenuPaths(readManifest(), menuId, context);
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
