import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { newNonce, progressHtml } from '../../../src/vscode/webviews/progress/progressHtml';
import { diffViews } from '../../../src/vscode/webviews/progress/panelPatch';
import { toPanelView } from '../../../src/vscode/webviews/progress/progressView';
import type { HostMessage, PanelView, ProgressTarget } from '../../../src/vscode/webviews/progress/protocol';
import { FIXTURE_REGION, FIXTURE_STACK, FIXTURE_STACK_ID, mdeExpected, mdeScript, progressOf, stackEvents } from '../../support/progressFixture';
import { openWebviewPage, type WebviewPage } from '../../support/webviewPage';

const REPO = resolve(__dirname, '..', '..', '..');
const T0 = Date.parse('2026-11-23T10:00:00Z');
const TARGET: ProgressTarget = { region: FIXTURE_REGION, stackId: FIXTURE_STACK_ID, stackName: FIXTURE_STACK, operation: 'create', kind: 'mde' };
const XSS = '<img src=x onerror="document.title=\'pwned\'">';

async function pageScript(): Promise<string> {
  const out = await build({ entryPoints: [join(REPO, 'webview', 'progress', 'main.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return out.outputFiles[0]?.text ?? '';
}

function viewOf(outcome: 'running' | 'succeeded' | 'failed', upTo = Infinity): { view: PanelView; at: number } {
  const { script, types } = mdeScript(outcome);
  const events = stackEvents(script.filter((e) => e[2] <= upTo), T0, types);
  const at = events.at(-1)?.Timestamp?.getTime() ?? T0;
  return { view: toPanelView(TARGET, progressOf(events, { expected: mdeExpected() }), at), at };
}

describe('progress page in Chromium (lit, under the panel CSP)', function () {
  this.timeout(60000);
  let script = '';
  let open: WebviewPage | undefined;

  before(async () => {
    script = await pageScript();
  });
  afterEach(async () => {
    if (open) {
      const violations = open.console.filter((l) => /Content Security Policy|Refused to|pageerror/i.test(l));
      await open.close();
      open = undefined;
      assert.deepEqual(violations, [], 'no CSP violation or page error');
    }
  });

  const show = async (messages: HostMessage[], state?: unknown) => {
    const nonce = newNonce();
    open = await openWebviewPage({ document: (csp, src) => progressHtml({ cspSource: csp, scriptUri: src, nonce, title: 'Deploy' }), script }, { state });
    await open.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    await open.deliver(messages);
    return open;
  };

  it('renders AWS text containing markup as text everywhere (reason, ids, outputs, boot log, root cause)', async () => {
    const { view } = viewOf('failed');
    const hostile: PanelView = {
      ...view,
      header: { ...view.header, stackReason: XSS, pollerMessage: XSS },
      resources: view.resources.map((r, i) => (i === 0 ? { ...r, reason: XSS, logicalId: `A${XSS}` } : r)),
      log: [...view.log, { id: 'x', time: T0, logicalId: XSS, status: 'CREATE_FAILED', reason: XSS }],
      outputs: [{ key: `Web"Url${XSS}`, value: `javascript:alert(1)//${XSS}`, description: XSS, actions: ['copy'] }],
      bootLog: { logicalId: 'MdeInstance', instanceId: 'i-1', lines: [`</pre>${XSS}`] },
      ...(view.rootCause ? { rootCause: { ...view.rootCause, reason: XSS, advice: XSS } } : {}),
    };
    const { page } = await show([{ type: 'view', view: hostile }]);
    await page.locator('h1', { hasText: FIXTURE_STACK }).waitFor();
    assert.equal(await page.locator('#root img').count(), 0, 'no <img> element was created');
    assert.notEqual(await page.title(), 'pwned');
    const text = await page.locator('#root').innerText();
    assert.ok(text.split('<img src=x onerror=').length - 1 >= 6, 'the markup is shown as text');
    await page.locator('vscode-button', { hasText: 'Copy' }).click();
    assert.deepEqual((await open?.posted())?.at(-1), { type: 'outputAction', action: 'copy', key: `Web"Url${XSS}` });
  });

  it('draws the timeline: a bar per started resource, the signal wait, the critical path, keyboard and tooltip', async () => {
    const { view } = viewOf('succeeded');
    const { page } = await show([{ type: 'view', view }]);
    const bars = page.locator('.tl-hit');
    assert.equal(await bars.count(), view.resources.filter((r) => r.bar).length);
    assert.ok((await bars.count()) >= 16);
    assert.equal(await page.locator('.tl-wait').count(), 1, 'the instance waiting for its signal');
    assert.deepEqual(await page.locator('.tl-row.critical .tl-label').allInnerTexts(), view.timeline.criticalPath.map((id) => `◆${id}`));
    await bars.first().focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id);
    assert.equal(focused, [...view.resources].filter((r) => r.bar).sort((a, b) => (a.bar?.start ?? 0) - (b.bar?.start ?? 0))[1]?.logicalId);
    assert.match(await page.locator('#tl-tip').innerText(), new RegExp(`${focused} \\(AWS::`));
    const label = await page.locator('.tl-hit[data-id="MdeInstance"]').getAttribute('aria-label');
    assert.match(label ?? '', /created: .* to .*, 15m 39s; waited 14m 58s for its signal; on the critical path/);
    // The table stays as the text alternative.
    assert.equal(await page.locator('.resources tbody tr').count(), view.resources.length);
  });

  it('leads from a cancelled bar to the failure, shows the root cause, and the real elapsed time of a finished create', async () => {
    const { view } = viewOf('failed');
    const { page } = await show([{ type: 'view', view }]);
    assert.match(await page.locator('.root-cause').innerText(), /MdeInstance \(AWS::EC2::Instance\): We currently do not have sufficient g4dn\.xlarge capacity/);
    const nat = page.locator('.tl-hit[data-id="NatGateway"]');
    assert.match((await nat.getAttribute('aria-label')) ?? '', /cancelled because MdeInstance failed/);
    await nat.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id), 'MdeInstance');
    assert.equal(await page.locator('.tl-row.chain .tl-label').innerText(), '✗MdeInstance');
    assert.equal(await page.locator('header .elapsed').innerText(), '3m 48s', 'ROLLBACK_COMPLETE 228 s after the first event, not 0s');
  });

  it('keeps scroll position, text selection and focus while patches arrive', async () => {
    const { script: events, types } = mdeScript('succeeded');
    const all = stackEvents(events, T0, types);
    // Enough history for the event log to scroll.
    const padding = Array.from({ length: 120 }, (_, i) => ({ ...all[1], EventId: `pad-${i}`, Timestamp: new Date(T0 + 1000 + i) }));
    const early = [all[0], ...padding, ...all.slice(1, 40)].filter((e) => e !== undefined);
    let host = toPanelView(TARGET, progressOf(early as never, { expected: mdeExpected() }), T0 + 60_000);
    const { page } = await show([{ type: 'view', view: host }]);
    const log = page.locator('.log');
    await log.evaluate((el) => (el.scrollTop = 200));
    await page.evaluate(() => {
      const cell = document.querySelector('.resources tbody tr:nth-child(2) td.type');
      const range = document.createRange();
      if (cell?.firstChild) range.selectNodeContents(cell);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    const selected = await page.evaluate(() => getSelection()?.toString());
    const bar = page.locator('.tl-hit').nth(2);
    await bar.focus();
    const focusedId = await bar.getAttribute('data-id');
    for (let n = 43; n <= all.length + 2; n += 3) {
      const next = toPanelView(TARGET, progressOf([all[0], ...padding, ...all.slice(1, Math.min(n, all.length))] as never, { expected: mdeExpected() }), T0 + 60_000 + n * 1000);
      const patch = diffViews(host, next);
      host = next;
      if (patch) await open?.deliver([{ type: 'patch', patch }]);
    }
    assert.equal(await page.locator('.log .line').count(), host.log.length);
    assert.equal(await log.evaluate((el) => el.scrollTop), 200, 'the reader’s place in the event log stays put');
    assert.equal(await page.evaluate(() => getSelection()?.toString()), selected, 'the selection survives');
    assert.ok(selected && selected.length > 0);
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id), focusedId, 'focus stays on the same bar');
    assert.equal(await page.locator('header .status').innerText(), 'CREATE_COMPLETE');
  });

  it('counts a running operation on its own clock and follows the log only at its end', async () => {
    const { view } = viewOf('running');
    const { page } = await show([{ type: 'view', view: { ...view, header: { ...view.header, computedAt: Date.now() - 5000, startedAt: Date.now() - 65_000 } } }]);
    const first = await page.locator('header .elapsed').innerText();
    assert.match(first, /^1m [01]\d?s$/);
    await page.waitForFunction((before) => document.querySelector('header .elapsed')?.textContent !== before, first, { timeout: 5000 });
    assert.match(await page.locator('header .eta').innerText(), / · about \d+ min left/);
    const log = page.locator('.log');
    assert.ok(await log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 4), 'starts at the newest event');
  });

  it('aligns the Outputs table: buttons centred on their row, rules on one line', async () => {
    const { view } = viewOf('succeeded');
    const withOutputs: PanelView = {
      ...view,
      outputs: [
        { key: 'WebUrl', value: 'https://127.0.0.1:8443/', description: 'MONAI Deploy web UI', actions: ['copy', 'open'] },
        { key: 'SshHost', value: '127.0.0.1', actions: ['copy', 'ssh'] },
      ],
    };
    const { page } = await show([{ type: 'view', view: withOutputs }]);
    const rows = await page.locator('.outputs-table tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.children).map((c) => {
        const r = c.getBoundingClientRect();
        const button = c.querySelector('vscode-button')?.getBoundingClientRect();
        return { bottom: r.bottom, mid: r.top + r.height / 2, buttonMid: button ? button.top + button.height / 2 : undefined };
      })),
    );
    for (const cells of rows) {
      assert.equal(new Set(cells.map((c) => Math.round(c.bottom))).size, 1, `row rules line up: ${JSON.stringify(cells)}`);
      const actions = cells[2];
      assert.ok(actions?.buttonMid !== undefined && Math.abs(actions.buttonMid - (cells[0]?.mid ?? 0)) <= 2, `buttons centred on the row: ${JSON.stringify(cells)}`);
    }
  });
});
