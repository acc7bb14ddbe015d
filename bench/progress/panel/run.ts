import { chromium, type Browser } from 'playwright-core';
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { CHROMIUM_FLAGS } from '../../../test/harness/browser';
import { requireTool } from '../../../test/support/requireTool';
import { openWebviewPage } from '../../../test/support/webviewPage';
import { simulatedEvents, STACK_ID, STACK_NAME } from '../simulatedStack';
import { buildPanel, REPO, sourcesOf, type BuiltPanel } from './buildPanel';

/**
 * bench/progress/panel: the progress panel before (BASELINE, the commit this work started from)
 * and after, fed the same 120-resource deployment at real pace: events reach the host as the
 * poller would deliver them (every 2 s), the host's and the page's clocks tick every second, and
 * the page runs in headless Chromium. Reports, per state update, the bytes the host posted to the
 * page and the page's scripting time (Chromium's ScriptDuration), and their ratios.
 * Run: npm run bench:panel [-- --runs 3 --baseline <commit>]
 */
const BASELINE = process.argv.includes('--baseline') ? (process.argv[process.argv.indexOf('--baseline') + 1] ?? '') : 'e5e36fe';
const RUNS = Number(process.argv.includes('--runs') ? process.argv[process.argv.indexOf('--runs') + 1] : 3);
/** Services hand out their panel registry through a getter (made on first use in the extension). */
const once = <T>(made: T): (() => T) => () => made;

const T0 = Date.parse('2026-11-23T10:00:00Z');
const POLL_MS = 2000;

interface HostModule {
  ProgressPanel: { show(services: unknown, deployments: unknown, target: unknown, options: unknown): void };
  ProgressPanels?: new () => unknown;
  progressHtml(o: { cspSource: string; scriptUri: string; nonce: string; title: string }): string;
  newNonce(): string;
  initialProgress(init: unknown): unknown;
  progressReducer(state: unknown, action: unknown): unknown;
  toDeployEvent(e: StackEvent, stackId: string): unknown;
  virtualClock: { time: number; advance(ms: number): void };
  vscodeShim: { window: Record<string, unknown>; Disposable: new (f?: () => void) => unknown; Uri: { file(p: string): unknown } };
}

interface Result {
  readonly label: string;
  readonly updates: number;
  readonly messages: number;
  readonly bytes: number;
  readonly scriptMs: number;
  readonly layoutMs: number;
  readonly seconds: number;
}

type Metrics = Record<string, number>;

async function replay(built: BuiltPanel, events: readonly StackEvent[], browser: Browser): Promise<Result> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- each version is a bundle built for this run
  const host = require(built.hostFile) as HostModule;
  host.virtualClock.time = T0 - 3000;
  let bytes = 0;
  let messages = 0;
  const outbox: unknown[] = [];
  let toHost: (m: unknown) => unknown = () => undefined;
  const panel = {
    title: '',
    visible: true,
    webview: {
      html: '',
      options: {},
      cspSource: '',
      asWebviewUri: (u: unknown) => u,
      postMessage: async (m: unknown) => {
        // What VS Code carries to the webview: the message serialised.
        const json = JSON.stringify(m);
        bytes += Buffer.byteLength(json);
        messages++;
        outbox.push(JSON.parse(json));
        return true;
      },
      onDidReceiveMessage: (h: (m: unknown) => unknown) => ((toHost = h), new host.vscodeShim.Disposable()),
    },
    onDidDispose: () => new host.vscodeShim.Disposable(),
    reveal: () => undefined,
    dispose: () => undefined,
  };
  host.vscodeShim.window.createWebviewPanel = () => panel;
  let listener: (s: unknown) => void = () => undefined;
  const deployments = { latest: () => undefined, subscribe: (_t: unknown, l: (s: unknown) => void) => ((listener = l), new host.vscodeShim.Disposable()) };
  const services = { context: { extensionUri: host.vscodeShim.Uri.file('/ext') }, session: { session: {} }, ...(host.ProgressPanels ? { progressPanels: once(new host.ProgressPanels()) } : {}) };
  const target = { region: 'us-east-1', stackId: STACK_ID, stackName: STACK_NAME, operation: 'create', kind: 'lab' };
  const expected = [...new Map(events.filter((e) => e.LogicalResourceId !== STACK_NAME).map((e) => [e.LogicalResourceId, { logicalId: e.LogicalResourceId, type: e.ResourceType, waitsForSignal: false }])).values()];
  host.ProgressPanel.show(services, deployments, target, {});
  let state = host.initialProgress({ region: 'us-east-1', stackName: STACK_NAME, stackId: STACK_ID, operation: 'create', startedAt: host.virtualClock.time, expected, kind: 'lab' });
  listener(state);

  const nonce = host.newNonce();
  const page = await openWebviewPage(
    { document: (csp, src) => host.progressHtml({ cspSource: csp, scriptUri: src, nonce, title: `Deploy: ${STACK_NAME}` }), script: built.pageScript },
    { browser, beforeLoad: (p) => p.clock.install({ time: host.virtualClock.time }) },
  );
  const cdp = await page.page.context().newCDPSession(page.page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Metrics> => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const flush = async () => {
    if (outbox.length > 0) await page.deliver(outbox.splice(0));
  };
  await page.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  await toHost({ type: 'ready' });
  await flush();
  const before = await metrics();
  const started = Date.now();
  const end = (events.at(-1)?.Timestamp?.getTime() ?? T0) + 5000;
  let next = 0;
  let updates = 0;
  while (host.virtualClock.time < end) {
    host.virtualClock.advance(1000);
    if ((host.virtualClock.time - T0) % POLL_MS < 1000) {
      const batch: StackEvent[] = [];
      while (next < events.length && (events[next]?.Timestamp?.getTime() ?? 0) <= host.virtualClock.time) batch.push(events[next++] as StackEvent);
      if (batch.length > 0) {
        state = host.progressReducer(state, { type: 'events', events: batch.map((e) => host.toDeployEvent(e, STACK_ID)) });
        listener(state);
        updates++;
      }
    }
    await flush();
    await page.page.clock.runFor(1000);
  }
  const after = await metrics();
  const seconds = (Date.now() - started) / 1000;
  const finished = await page.page.locator('body').innerText();
  await page.close();
  if (!/CREATE_COMPLETE/.test(finished)) throw new Error(`${built.label}: the page did not show the finished stack:\n${finished.slice(0, 400)}\n${page.console.join('\n')}`);
  const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  return { label: built.label, updates, messages, bytes, scriptMs: delta('ScriptDuration'), layoutMs: delta('LayoutDuration') + delta('RecalcStyleDuration'), seconds };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const events = simulatedEvents(7, T0, 2);
  const resources = new Set(events.map((e) => e.LogicalResourceId)).size - 1;
  const [before, after] = await Promise.all([buildPanel(`before-${BASELINE}`, sourcesOf(BASELINE)), buildPanel('after', REPO)]);
  const browser = await chromium.launch({ executablePath: requireTool('chromium', 'chromium'), headless: true, args: CHROMIUM_FLAGS });
  const results: Result[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // Alternate, so drift in machine load touches both alike.
      for (const built of run % 2 === 0 ? [before, after] : [after, before]) results.push(await replay(built, events, browser));
    }
  } finally {
    await browser.close();
  }
  const span = ((events.at(-1)?.Timestamp?.getTime() ?? T0) - T0) / 60_000;
  console.log(`bench/progress/panel: ${resources} resources, ${events.length} events over ${span.toFixed(1)} min of replayed time, polled every ${POLL_MS / 1000} s, clocks ticking every 1 s; ${RUNS} runs each, medians\n`);
  const rows = [before, after].map((b) => {
    const mine = results.filter((r) => r.label === b.label);
    const m = (f: (r: Result) => number) => median(mine.map(f));
    return { label: b.label, updates: m((r) => r.updates), messages: m((r) => r.messages), bytes: m((r) => r.bytes), perUpdate: m((r) => r.bytes / r.updates), perMessage: m((r) => r.bytes / r.messages), script: m((r) => r.scriptMs / r.updates), layout: m((r) => r.layoutMs / r.updates), wall: m((r) => r.seconds) };
  });
  const header = ['version', 'state updates', 'messages posted', 'bytes posted', 'bytes/update', 'bytes/message', 'script ms/update', 'layout+style ms/update', 'run s'];
  const cells = rows.map((r) => [r.label, String(r.updates), String(r.messages), String(Math.round(r.bytes)), String(Math.round(r.perUpdate)), String(Math.round(r.perMessage)), r.script.toFixed(2), r.layout.toFixed(2), r.wall.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: readonly string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const c of cells) console.log(line(c));
  const [b, a] = rows;
  if (!b || !a) return;
  console.log(`\nbytes posted per update, before / after: ${(b.perUpdate / a.perUpdate).toFixed(1)}x fewer (goal >= 10x)`);
  console.log(`page scripting time per update, before / after: ${(b.script / a.script).toFixed(1)}x less (goal >= 5x)`);
  console.log(`layout and style time per update, before / after: ${(b.layout / Math.max(0.001, a.layout)).toFixed(1)}x less`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
