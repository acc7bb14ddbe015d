import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createSessionStatusBar } from '../../../src/vscode/session/statusBar';
import type { IdentityState, SessionManager } from '../../../src/vscode/session/sessionManager';

type Item = { text: string; accessibilityInformation?: { label: string } };
const win = vscode.window as unknown as { createStatusBarItem: (...a: unknown[]) => Item };

/** Records the status bar items the code under test creates. */
function capturingItems(): { items: Item[]; restore(): void } {
  const original = win.createStatusBarItem;
  const items: Item[] = [];
  win.createStatusBarItem = (...a: unknown[]) => {
    const item = original(...a);
    items.push(item);
    return item;
  };
  return { items, restore: () => (win.createStatusBarItem = original) };
}

describe('status bar items read as plain sentences to screen readers', () => {
  it('the AWS session item: profile, account and regions, no markdown or icon syntax', () => {
    const capture = capturingItems();
    try {
      const identity: IdentityState = { state: 'ok', identity: { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/researcher' } } as IdentityState;
      const sessions = { session: { profile: 'lab', regions: ['us-east-1', 'eu-west-1'] }, identity, onDidChangeIdentity: () => ({ dispose: () => undefined }) } as unknown as SessionManager;
      createSessionStatusBar(sessions);
      const label = capture.items[0]?.accessibilityInformation?.label ?? '';
      assert.match(label, /^Imaging Lab AWS session: profile lab, account 111122223333\b/);
      assert.doesNotMatch(label, /\$\(|\*\*|`/);
      assert.match(capture.items[0]!.text, /^\$\(cloud\)/, 'the visible text keeps its icon');
    } finally {
      capture.restore();
    }
  });
});
