import type * as vscode from 'vscode';

export interface TreeRow<T> {
  readonly node: T;
  readonly depth: number;
  /** Labels from the root, joined by " / ". */
  readonly path: string;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
}

function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

/** Every node the provider produces (expanding everything), depth first, in display order. */
export async function walkTree<T>(provider: vscode.TreeDataProvider<T>, maxDepth = 5): Promise<TreeRow<T>[]> {
  const rows: TreeRow<T>[] = [];
  const visit = async (parent: T | undefined, depth: number, prefix: string) => {
    if (depth > maxDepth) return;
    for (const node of (await provider.getChildren(parent)) ?? []) {
      const item = await provider.getTreeItem(node);
      const label = labelOf(item);
      const path = prefix ? `${prefix} / ${label}` : label;
      rows.push({ node, depth, path, label, description: String(item.description ?? ''), contextValue: item.contextValue ?? '' });
      if (item.collapsibleState !== undefined && item.collapsibleState !== 0) await visit(node, depth + 1, path);
    }
  };
  await visit(undefined, 0, '');
  return rows;
}
