import { evaluateWhen, type WhenContext } from './whenEval';

export interface ManifestMenuEntry {
  readonly command?: string;
  readonly submenu?: string;
  readonly when?: string;
  readonly group?: string;
}

export interface MenuManifest {
  readonly contributes: {
    readonly commands: readonly { command: string; title: string; category?: string }[];
    readonly submenus?: readonly { id: string; label: string }[];
    readonly menus?: Readonly<Record<string, readonly ManifestMenuEntry[]>>;
  };
}

/** Separator between a submenu's label and an entry's title, as the tests and reports print paths. */
export const SUBMENU_SEPARATOR = ' › ';

/** Context-menu entries of `menuId` (inline buttons excluded) whose `when` holds for this context. */
function visibleEntries(manifest: MenuManifest, menuId: string, context: WhenContext): ManifestMenuEntry[] {
  return (manifest.contributes.menus?.[menuId] ?? []).filter((e) => e.group !== 'inline' && evaluateWhen(e.when, context));
}

/**
 * What a person sees in the context menu `menuId` for a node with this context: one path per entry,
 * "Title" at the top level and "Submenu › Title" inside a submenu (VS Code hides a submenu that has
 * nothing to show, so an empty one yields no path). Sorted and without duplicates.
 */
export function expectedMenuPaths(manifest: MenuManifest, menuId: string, context: WhenContext, prefix = ''): string[] {
  const titles = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
  const labels = new Map((manifest.contributes.submenus ?? []).map((s) => [s.id, s.label]));
  const paths: string[] = [];
  for (const entry of visibleEntries(manifest, menuId, context)) {
    if (entry.submenu) {
      const label = labels.get(entry.submenu) ?? `${entry.submenu} (no label)`;
      paths.push(...expectedMenuPaths(manifest, entry.submenu, context, `${prefix}${label}${SUBMENU_SEPARATOR}`));
    } else if (entry.command) {
      paths.push(`${prefix}${titles.get(entry.command) ?? `${entry.command} (no title)`}`);
    }
  }
  return [...new Set(paths)].sort();
}

/** The command id behind each path `expectedMenuPaths` returns. */
export function commandOfMenuPath(manifest: MenuManifest, path: string): string | undefined {
  const title = path.split(SUBMENU_SEPARATOR).pop();
  return manifest.contributes.commands.find((c) => c.title === title)?.command;
}
