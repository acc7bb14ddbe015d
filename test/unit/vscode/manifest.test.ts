import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KINDS } from '../../../src/core/kinds/kinds';
import { OUTPUT } from '../../../src/core/kinds/stackContract';
import { KIND_ORDER } from '../../../src/core/stacks/inventoryModel';
import { STACK_STATUSES } from '../../../src/core/stacks/stackStatus';
import { CommandIds, VIEW_STACKS } from '../../../src/vscode/commandIds';
import { COMMAND_TABLE } from '../../../src/vscode/commands/registerCommands';
import { actionToken, ContextValues, stackContextValue } from '../../../src/vscode/contextValues';
import { expectedMenuPaths, SUBMENU_SEPARATOR } from '../../support/manifestMenuTree';
import { evaluateWhen } from '../../support/whenEval';

interface MenuEntry {
  command: string;
  submenu?: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const contributed: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
const menus = Object.entries(manifest.contributes.menus as Record<string, MenuEntry[]>);

/** Every context value the tree can produce: fixed ones plus stacks of every status and output mix. */
function producibleContextValues(): Set<string> {
  const values = new Set<string>(Object.values(ContextValues));
  // And the outputs that make an optional part's action appear (the lab's FileGator).
  const keys = [OUTPUT.webUrl, OUTPUT.sshHost, OUTPUT.dicomWebUrl, OUTPUT.securityGroupId, OUTPUT.allowMyIpPorts, ...new Set(KINDS.flatMap((k) => Object.values(k.actionOutputs ?? {})))];
  for (const kind of KIND_ORDER) {
    for (const status of STACK_STATUSES) {
      for (let mask = 0; mask < 1 << keys.length; mask++) {
        const outputs = keys.filter((_, i) => mask & (1 << i)).map((key) => ({ key, value: 'x' }));
        values.add(stackContextValue({ kind, status, outputs }));
      }
    }
  }
  return values;
}

function viewItemConditions(when: string): ((value: string) => boolean)[] {
  const conditions: ((value: string) => boolean)[] = [];
  for (const m of when.matchAll(/viewItem\s*==\s*(?:'([^']*)'|([^\s&|)]+))/g)) {
    const expected = m[1] ?? m[2];
    conditions.push((v) => v === expected);
  }
  for (const m of when.matchAll(/viewItem\s*=~\s*\/((?:\\\/|[^/])+)\/([a-z]*)/g)) {
    const re = new RegExp(m[1]!, m[2]);
    conditions.push((v) => re.test(v));
  }
  return conditions;
}

describe('package.json contributions', () => {
  it('contributes exactly the commands of the registration table', () => {
    assert.deepEqual([...contributed].sort(), Object.keys(COMMAND_TABLE).sort());
    assert.deepEqual(Object.values(CommandIds).sort(), Object.keys(COMMAND_TABLE).sort());
  });

  it('loads a handler function for every command of the table', async () => {
    for (const [id, load] of Object.entries(COMMAND_TABLE)) assert.equal(typeof (await load()), 'function', id);
  });

  it('only puts contributed commands and declared submenus in menus', () => {
    const submenus = (manifest.contributes.submenus ?? []).map((s: { id: string }) => s.id);
    for (const [menu, entries] of menus) {
      for (const entry of entries) {
        if (entry.submenu !== undefined) assert.ok(submenus.includes(entry.submenu), `${menu}: submenu ${entry.submenu} is not declared`);
        else assert.ok(contributed.includes(entry.command), `${menu}: ${entry.command} is not contributed`);
      }
    }
  });

  it('groups the stack menu into Connect, DICOM, Network and Stack submenus, each shown exactly when one of its entries applies', () => {
    const submenus = manifest.contributes.submenus as { id: string; label: string }[];
    assert.deepEqual(submenus.map((s) => s.label), ['Connect', 'DICOM', 'Network', 'Stack']);
    const itemMenu = manifest.contributes.menus['view/item/context'] as MenuEntry[];
    const values = [...producibleContextValues()];
    for (const { id, label } of submenus) {
      const refs = itemMenu.filter((e) => e.submenu === id);
      assert.equal(refs.length, 1, `${label}: one entry in the tree's context menu`);
      const inner = manifest.contributes.menus[id] as MenuEntry[] | undefined;
      assert.ok(inner && inner.length > 0, `${label}: its menu has entries`);
      for (const viewItem of values) {
        const context = { view: VIEW_STACKS, viewItem };
        const shown = evaluateWhen(refs[0]!.when, context);
        const applies: string[] = inner.filter((e) => evaluateWhen(e.when, context)).map((e) => e.command);
        // Shown with nothing inside is an empty submenu; hidden with entries that apply loses them.
        assert.equal(shown, applies.length > 0, `${label} on '${viewItem}': shown=${shown}, entries that apply: ${applies.join(', ') || 'none'}`);
      }
    }
  });

  it("keeps the stack menu short and lists no command both on the top level and in a submenu", () => {
    const itemMenu = manifest.contributes.menus['view/item/context'] as MenuEntry[];
    const submenuCommands = new Set(
      (manifest.contributes.submenus as { id: string }[]).flatMap((s) => (manifest.contributes.menus[s.id] as MenuEntry[]).map((e) => e.command)),
    );
    for (const entry of itemMenu) {
      if (entry.group !== 'inline' && entry.command) assert.ok(!submenuCommands.has(entry.command), `${entry.command} is on the top level and in a submenu`);
    }
    let longest = { viewItem: '', top: [] as string[] };
    for (const viewItem of producibleContextValues()) {
      const paths = expectedMenuPaths(manifest, 'view/item/context', { view: VIEW_STACKS, viewItem });
      const top = [...new Set(paths.map((p) => p.split(SUBMENU_SEPARATOR)[0]!))];
      if (top.length > longest.top.length) longest = { viewItem, top };
    }
    // Before the grouping a complete stack with every output had 16 entries in one list. Now: Open in
    // Browser, the kind's own actions (the lab has five, the most) and the four submenus.
    assert.ok(longest.top.length <= 10, `'${longest.viewItem}' has ${longest.top.length} top-level entries: ${longest.top.join(', ')}`);
    const full = stackContextValue({ kind: 'mde', status: 'CREATE_COMPLETE', outputs: [OUTPUT.webUrl, OUTPUT.sshHost, OUTPUT.dicomWebUrl, OUTPUT.securityGroupId, OUTPUT.allowMyIpPorts].map((key) => ({ key, value: 'x' })) });
    const paths = expectedMenuPaths(manifest, 'view/item/context', { view: VIEW_STACKS, viewItem: full });
    for (const path of ['Connect › Open SSH Terminal', 'DICOM › Send DICOM to…', 'Network › Allow My IP', 'Stack › Open in AWS Console', 'Stack › Delete Stack…']) {
      assert.ok(paths.includes(path), `a complete MDE stack's menu ${JSON.stringify(paths)} lacks ${path}`);
    }
  });

  it('matches every viewItem condition against a context value the tree really produces', () => {
    const values = [...producibleContextValues()];
    for (const [menu, entries] of menus) {
      for (const entry of entries) {
        for (const condition of viewItemConditions(entry.when ?? '')) {
          assert.ok(values.some(condition), `${menu}: "${entry.when}" (${entry.command}) matches no tree item`);
        }
      }
    }
  });

  it("shows each kind's actions on its stacks' menu through the action token, and no action of no kind", () => {
    const itemMenu = manifest.contributes.menus['view/item/context'] as MenuEntry[];
    const declared = new Set(KINDS.flatMap((k) => k.actions));
    for (const kind of KINDS) {
      for (const action of kind.actions) {
        const command = `imagingLab.${action}`;
        assert.ok(Object.values(CommandIds).includes(command as never), `${kind.id}: action ${action} has no command ${command}`);
        const entry = itemMenu.find((e) => e.command === command);
        assert.ok(entry?.when?.includes(actionToken(action)), `${kind.id}: the menu entry of ${command} must match ${actionToken(action)}`);
        // An optional part's action needs its output (lab: FileGatorPrivateIp for Open FileGator).
        const outputs = Object.values((kind.actionOutputs ?? {}) as Record<string, string>).map((key) => ({ key, value: 'x' }));
        const complete = stackContextValue({ kind: kind.id, status: 'CREATE_COMPLETE', outputs });
        const creating = stackContextValue({ kind: kind.id, status: 'CREATE_IN_PROGRESS', outputs });
        assert.ok(viewItemConditions(entry?.when ?? '').every((c) => c(complete)), `${command} on a complete ${kind.id} stack`);
        assert.ok(!viewItemConditions(entry?.when ?? '').every((c) => c(creating)), `${command} not before the stack is complete`);
        const needs = (kind.actionOutputs as Record<string, string> | undefined)?.[action];
        if (needs) {
          const without = stackContextValue({ kind: kind.id, status: 'CREATE_COMPLETE', outputs: outputs.filter((o) => o.key !== needs) });
          assert.ok(!viewItemConditions(entry?.when ?? '').every((c) => c(without)), `${command} not without its ${needs} output`);
        }
      }
    }
    for (const entry of itemMenu) {
      for (const m of (entry.when ?? '').matchAll(/action:(\w+)/g)) assert.ok(declared.has(m[1]!), `${entry.command}: no kind declares action ${m[1]}`);
    }
  });

  it('offers Update on stacks CloudFormation can update: not on one rolled back at creation', () => {
    const paths = (status: string) => expectedMenuPaths(manifest, 'view/item/context', { view: VIEW_STACKS, viewItem: stackContextValue({ kind: 'lab', status, outputs: [] }) });
    for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']) assert.ok(paths(status).includes('Stack › Update Stack…'), status);
    for (const status of ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_IN_PROGRESS']) assert.ok(!paths(status).includes('Stack › Update Stack…'), status);
    assert.ok(paths('ROLLBACK_COMPLETE').includes('Stack › Delete Stack…'), 'a stack rolled back at creation can be deleted');
  });

  it('refers only to views it contributes', () => {
    const views = Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flat().map((v) => v.id);
    assert.ok(views.includes(VIEW_STACKS));
    for (const [menu, entries] of [...menus, ['viewsWelcome', manifest.contributes.viewsWelcome as MenuEntry[]] as const]) {
      for (const entry of entries) {
        for (const m of (entry.when ?? '').matchAll(/\bview\s*==\s*([\w.]+)/g)) assert.ok(views.includes(m[1]!), `${menu}: unknown view ${m[1]}`);
      }
    }
  });

  it('links welcome buttons only to contributed commands', () => {
    for (const welcome of manifest.contributes.viewsWelcome as { contents: string }[]) {
      for (const m of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(contributed.includes(m[1]!), m[1]);
    }
  });
});
