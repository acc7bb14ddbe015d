import assert from 'node:assert/strict';
import { ensureScriptedRegions } from './support/scriptedRegions';
import { CREATING_STACK } from '../fakeaws/scriptedAccount';
import { activatedExtension, fakeAwsUrl } from './support/extensionUnderTest';
import { walkTree } from './support/treeWalk';
import { viewItemConstraints } from './support/whenClause';

interface MenuEntry {
  readonly command?: string;
  readonly when?: string;
}

describe('tree context menus', () => {
  before(ensureScriptedRegions);

  it('every viewItem condition of every menu matches a node the tree really shows', async () => {
    const { extension, services } = await activatedExtension();
    // The menus of a deploying stack need one in progress: restart the scripted creation, as the
    // suite may reach this test after the first one finished.
    const replay = await fetch(`${fakeAwsUrl()}/__fakeaws/replay?region=us-east-1&stack=${CREATING_STACK}&durationMs=20000`, { method: 'POST' });
    assert.equal(replay.status, 200);
    await services.stacksTree.refresh();
    await services.stacksTree.whenLoaded();
    const contextValues = new Set((await walkTree(services.stacksTree)).map((r) => r.contextValue));
    const menus = (extension.packageJSON.contributes.menus ?? {}) as Record<string, MenuEntry[]>;
    const checked: string[] = [];
    const dead: string[] = [];
    for (const [menu, entries] of Object.entries(menus)) {
      for (const entry of entries) {
        for (const constraint of viewItemConstraints(entry.when ?? '')) {
          checked.push(constraint.text);
          if (![...contextValues].some((cv) => constraint.test(cv))) dead.push(`${menu} ${entry.command}: ${constraint.text}`);
        }
      }
    }
    assert.ok(checked.length > 0, 'package.json has no viewItem menus to check');
    assert.deepEqual(dead, [], `menu conditions no tree node satisfies (context values seen: ${[...contextValues].sort().join(' | ')})`);
  });

  it('menus on the Stacks view name a view that exists', async () => {
    const { extension } = await activatedExtension();
    const views = Object.values(extension.packageJSON.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id);
    const menus = (extension.packageJSON.contributes.menus ?? {}) as Record<string, MenuEntry[]>;
    const unknown = Object.values(menus)
      .flat()
      .flatMap((e) => [...(e.when ?? '').matchAll(/\bview\s*==\s*'?([\w.-]+)/g)].map((m) => m[1] ?? ''))
      .filter((id) => !views.includes(id));
    assert.deepEqual(unknown, []);
  });
});
