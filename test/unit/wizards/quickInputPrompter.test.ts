import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BACK, type Prompter } from '../../../src/vscode/wizards/prompter';
import { completeVscodeStub } from '../webview/completeVscodeStub';

type Handler = (...args: unknown[]) => unknown;

/** A stand-in for VS Code's QuickPick/InputBox: records what was set and lets the test fire events. */
class FakeQuickInput {
  [key: string]: unknown;
  readonly handlers = new Map<string, Handler>();
  shown = false;
  disposed = false;
  items: { label: string; value: unknown }[] = [];
  activeItems: unknown[] = [];
  selectedItems: unknown[] = [];
  value = '';
  validationMessage: string | undefined;
  constructor() {
    for (const event of ['onDidTriggerButton', 'onDidAccept', 'onDidHide', 'onDidChangeValue']) {
      this[event] = (h: Handler) => (this.handlers.set(event, h), { dispose: () => undefined });
    }
  }
  show(): void {
    this.shown = true;
  }
  dispose(): void {
    this.disposed = true;
  }
  fire(event: string, arg?: unknown): unknown {
    return this.handlers.get(event)?.(arg);
  }
}

let BACK_BUTTON: object;
const tick = () => new Promise((r) => setImmediate(r));

describe('QuickInputPrompter (VS Code quick input, faked)', () => {
  let created: FakeQuickInput[];
  let prompter: Prompter;
  const win = vscode.window as unknown as Record<string, unknown>;
  const saved = { ...win };

  before(() => {
    BACK_BUTTON = completeVscodeStub().backButton;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the stub is completed
    const { QuickInputPrompter } = require('../../../src/vscode/wizards/quickInputPrompter') as typeof import('../../../src/vscode/wizards/quickInputPrompter');
    prompter = new QuickInputPrompter();
  });
  beforeEach(() => {
    created = [];
    win.createQuickPick = () => created[created.push(new FakeQuickInput()) - 1];
    win.createInputBox = () => created[created.push(new FakeQuickInput()) - 1];
  });
  afterEach(() => Object.assign(win, saved));

  const info = { title: 'Deploy', step: 2, totalSteps: 5, canGoBack: true };

  it('shows step numbers and the Back button, highlights the picked item, resolves the accepted value', async () => {
    const answer = prompter.pick(info, { placeholder: 'Region', items: [{ label: 'us-east-1', value: 'us-east-1' }, { label: 'eu-west-1', value: 'eu-west-1', picked: true }] });
    const qp = created[0];
    assert.ok(qp?.shown);
    assert.deepEqual([qp.title, qp.step, qp.totalSteps, qp.ignoreFocusOut], ['Deploy', 2, 5, true]);
    assert.deepEqual(qp.buttons, [BACK_BUTTON]);
    assert.equal((qp.activeItems[0] as { label: string }).label, 'eu-west-1');
    qp.selectedItems = [qp.items[0]];
    qp.fire('onDidAccept');
    assert.equal(await answer, 'us-east-1');
    assert.ok(qp.disposed);
  });

  it('returns BACK for the Back button and undefined when dismissed', async () => {
    const back = prompter.pick(info, { placeholder: 'x', items: [{ label: 'a', value: 'a' }] });
    created[0]?.fire('onDidTriggerButton', BACK_BUTTON);
    assert.equal(await back, BACK);
    const dismissed = prompter.input({ ...info, canGoBack: false }, { prompt: 'Name' });
    assert.deepEqual(created[1]?.buttons, []);
    created[1]?.fire('onDidHide');
    assert.equal(await dismissed, undefined);
  });

  it('validates inline and refuses to accept an invalid value', async () => {
    const answer = prompter.input(info, { prompt: 'Stack name', value: '1bad', password: false, validate: async (v) => (/^[a-z]/.test(v) ? undefined : 'must start with a letter') });
    const box = created[0];
    assert.ok(box);
    await tick();
    assert.equal(box.validationMessage, 'must start with a letter');
    box.fire('onDidAccept');
    await tick();
    assert.equal(box.disposed, false, 'an invalid value is not accepted');
    box.value = 'good';
    box.fire('onDidChangeValue', 'good');
    await tick();
    assert.equal(box.validationMessage, undefined);
    box.fire('onDidAccept');
    assert.equal(await answer, 'good');
  });
});
