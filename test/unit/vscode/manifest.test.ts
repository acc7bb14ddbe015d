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

interface MenuEntry {
  command: string;
  when?: string;
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

  it('only puts contributed commands in menus', () => {
    for (const [menu, entries] of menus) {
      for (const entry of entries) assert.ok(contributed.includes(entry.command), `${menu}: ${entry.command} is not contributed`);
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
