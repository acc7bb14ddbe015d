import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import { html, render } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { applyHostMessage } from '../../src/vscode/webviews/progress/panelPatch';
import type { HostMessage, PageMessage, PanelView, ProgressTarget } from '../../src/vscode/webviews/progress/protocol';
import { bootLog, events, failure, header, leftBehindSection, outputs, resources, type Send } from './sections';
import { timelineSection, type TimelineUi } from './timelineView';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');
const send: Send = (m) => vscode.postMessage(m);

let view: PanelView | undefined;
/** Host clock minus page clock: elapsed time and the ETA count on the host's time. */
let clockOffset = 0;
let focusAfterDraw: string | undefined;
let drawQueued = false;
const ui: TimelineUi = { redraw: () => queueDraw() };

const now = () => Date.now() + clockOffset;

function page(v: PanelView, t: number) {
  // Sections that do not depend on the clock are re-rendered only when their data changed.
  return html`${header(v, t, send)}
    ${guard([v.rootCause, v.timeline.failureChain, v.header.outcome], () => failure(v, send))}
    ${guard([v.leftBehind], () => leftBehindSection(v))}
    ${guard([v.outputs], () => outputs(v, send))}
    ${guard([v.bootLog], () => bootLog(v))}
    ${timelineSection(v, t, ui, (id) => (focusAfterDraw = id))}
    ${resources(v, t, send)}
    ${guard([v.log], () => events(v))}`;
}

function atBottom(el: Element): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight < 4;
}

function draw(): void {
  drawQueued = false;
  if (!view || !root) return;
  const log = root.querySelector('.log');
  const follow = !log || atBottom(log);
  render(page(view, now()), root);
  // The event log follows new events only while the reader is at its end.
  const after = root.querySelector('.log');
  if (after && follow) after.scrollTop = after.scrollHeight;
  if (focusAfterDraw) {
    (root.querySelector(`.tl-hit[data-id="${CSS.escape(focusAfterDraw)}"]`) as HTMLElement | null)?.focus();
    focusAfterDraw = undefined;
  }
}

function queueDraw(): void {
  if (drawQueued) return;
  drawQueued = true;
  queueMicrotask(draw);
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** What VS Code restores after a reload: the target (the host follows it again) and the last view. */
function save(): void {
  if (saveTimer || !view) return;
  saveTimer = setTimeout(() => {
    saveTimer = undefined;
    if (view) vscode.setState({ target: view.header.target satisfies ProgressTarget, view });
  }, 2000);
}

let ticker: ReturnType<typeof setInterval> | undefined;
/** Elapsed time, the ETA and running bars move with the page's own clock: the host sends nothing for them. */
function tick(): void {
  const running = view?.header.outcome === 'running';
  if (running && !ticker) ticker = setInterval(draw, 1000);
  if (!running && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (m?.type !== 'view' && m?.type !== 'patch') return;
  const next = applyHostMessage(view, m);
  if (!next) return;
  if (!view && root) root.textContent = '';
  if (next.header !== view?.header) clockOffset = next.header.computedAt - Date.now();
  view = next;
  draw();
  tick();
  save();
});

const saved = vscode.getState() as { view?: PanelView } | undefined;
if (saved?.view?.header && root) {
  root.textContent = '';
  view = saved.view;
  draw();
}
vscode.postMessage({ type: 'ready' });
