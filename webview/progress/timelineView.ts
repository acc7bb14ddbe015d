import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { SegmentOutcome, TimelineBar, TimelineSegment } from '../../src/core/deploy/timeline';
import type { PanelView, ResourceView } from '../../src/vscode/webviews/progress/protocol';
import { cssVars } from './cssVars';
import { axisEnd, axisStep, clock, duration, tickLabel } from './format';

/** What the timeline remembers between renders: the bar that holds the keyboard, the one described. */
export interface TimelineUi {
  active?: string;
  described?: string;
  /** Asks for a re-render (focus and hover change what is shown). */
  redraw(): void;
}

const DONE_WORD: Readonly<Record<string, string>> = { CREATE: 'created', UPDATE: 'updated', DELETE: 'deleted', IMPORT: 'imported' };

function segmentWords(s: TimelineSegment): string {
  const action = s.action.toLowerCase().replace(/_/g, ' ');
  const words: Record<SegmentOutcome, string> = {
    running: `${action} in progress`,
    done: DONE_WORD[s.action] ?? `${action} complete`,
    failed: `${action} failed`,
    cancelled: `${action} cancelled`,
    removed: 'deleted',
    kept: 'kept (DeletionPolicy Retain)',
    reverted: 'rolled back',
  };
  return words[s.outcome];
}

/** The words a screen reader and the tooltip give for a bar: what happened, when, how long, why. */
export function describeBar(bar: TimelineBar, type: string, now: number): string[] {
  const lines = [`${bar.logicalId} (${type})`];
  for (const s of bar.segments) {
    const end = s.end ?? now;
    lines.push(`${segmentWords(s)}: ${clock(s.start)} to ${s.end !== undefined ? clock(s.end) : 'now'}, ${duration(end - s.start)}`);
    if (s.signalWait) lines.push(`waited ${duration((s.signalWait.end ?? now) - s.signalWait.start)} for its signal${s.signalWait.end === undefined ? ' (still waiting)' : ''}`);
    if (s.reason && (s.outcome === 'failed' || s.outcome === 'cancelled')) lines.push(`reason: ${s.reason}`);
  }
  if (bar.critical) lines.push('on the critical path (this chain decided the total time)');
  if (bar.failureStep === 0) lines.push('failed first');
  else if (bar.failureStep !== undefined) lines.push('root cause: the failure above points here');
  if (bar.causedBy) lines.push(`cancelled because ${bar.causedBy} failed; Enter goes there`);
  return lines;
}

function pct(t: number, start: number, span: number): string {
  return `${(((t - start) / span) * 100).toFixed(3)}%`;
}

function ticks(start: number, end: number): TemplateResult {
  const step = axisStep(end - start);
  const marks: number[] = [];
  for (let t = 0; t <= end - start; t += step) marks.push(t);
  return html`<div class="tl-axis" aria-hidden="true"><span class="tl-label"></span><div class="tl-track">${marks.map(
    (m) => html`<span class="tl-tick" ${cssVars({ '--l': pct(start + m, start, end - start) })}>${tickLabel(m)}</span>`,
  )}</div></div>`;
}

function glyph(bar: TimelineBar): string {
  if (bar.failureStep !== undefined) return '✗';
  if (bar.causedBy) return '⤷';
  return bar.critical ? '◆' : '';
}

interface Axis {
  readonly start: number;
  readonly end: number;
  readonly now: number;
}

function barRow(r: ResourceView, bar: TimelineBar, axis: Axis, ui: TimelineUi, go: (id: string | undefined) => void): TemplateResult {
  const span = axis.end - axis.start;
  const end = bar.end ?? axis.now;
  const classes = ['tl-row', `r-${bar.outcome}`, bar.critical ? 'critical' : '', bar.failureStep !== undefined ? 'chain' : ''].filter(Boolean).join(' ');
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      go(bar.causedBy);
    }
  };
  return html`<div class=${classes} role="listitem">
    <span class="tl-label"><span class="tl-glyph" aria-hidden="true">${glyph(bar)}</span>${r.logicalId}</span>
    <div class="tl-track">
      ${bar.segments.map(
        (s) => html`<span class="tl-seg o-${s.outcome}${s.critical ? ' crit' : ''}" ${cssVars({ '--l': pct(s.start, axis.start, span), '--w': pct(axis.start + (s.end ?? axis.now) - s.start, axis.start, span) })}></span>${
          s.signalWait
            ? html`<span class="tl-wait" ${cssVars({ '--l': pct(s.signalWait.start, axis.start, span), '--w': pct(axis.start + (s.signalWait.end ?? axis.now) - s.signalWait.start, axis.start, span) })}></span>`
            : nothing
        }`,
      )}
      <button
        class="tl-hit"
        data-id=${r.logicalId}
        tabindex=${ui.active === r.logicalId ? 0 : -1}
        aria-label=${describeBar(bar, r.type, axis.now).join('; ')}
        aria-describedby="tl-tip"
        ${cssVars({ '--l': pct(bar.start, axis.start, span), '--w': pct(axis.start + end - bar.start, axis.start, span) })}
        @focus=${() => ((ui.active = r.logicalId), (ui.described = r.logicalId), ui.redraw())}
        @blur=${() => ((ui.described = undefined), ui.redraw())}
        @mouseenter=${() => ((ui.described = r.logicalId), ui.redraw())}
        @mouseleave=${() => ((ui.described = undefined), ui.redraw())}
        @keydown=${onKey}
        @click=${() => go(bar.causedBy)}
      ></button>
    </div>
  </div>`;
}

const sortedCache = new WeakMap<readonly ResourceView[], ResourceView[]>();

/** Resources that have a bar, by start time (a new array only when the resources changed). */
function started(resources: readonly ResourceView[]): ResourceView[] {
  let list = sortedCache.get(resources);
  if (!list) {
    list = resources.filter((r) => r.bar).sort((a, b) => (a.bar?.start ?? 0) - (b.bar?.start ?? 0));
    sortedCache.set(resources, list);
  }
  return list;
}

/** Arrow keys move between bars (one tab stop for the whole timeline). */
function onListKey(e: KeyboardEvent, ids: readonly string[], go: (id: string | undefined) => void): void {
  const at = ids.indexOf((e.target as HTMLElement).dataset.id ?? '');
  const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: ids.length - 1 }[e.key];
  if (next === undefined || at < 0) return;
  e.preventDefault();
  go(ids[Math.max(0, Math.min(ids.length - 1, next))]);
}

function tooltip(view: PanelView, ui: TimelineUi, now: number): TemplateResult {
  const r = ui.described ? view.resources.find((x) => x.logicalId === ui.described) : undefined;
  const lines = r?.bar ? describeBar(r.bar, r.type, now) : [];
  // Always there (no layout jump on hover): the details of the bar under the pointer or the focus.
  return html`<div id="tl-tip" class="tl-tip" role="tooltip">${lines.length > 0 ? lines.map((l) => html`<div>${l}</div>`) : html`<div class="meta">Point at or focus a bar for its times and reason.</div>`}</div>`;
}

/**
 * The Gantt view of the operation: one bar per resource from its first IN_PROGRESS to its final
 * event, positioned in percent of an axis that grows in whole steps (bars do not move every second).
 */
export function timelineSection(view: PanelView, now: number, ui: TimelineUi, focusBar: (id: string) => void): TemplateResult {
  const list = started(view.resources);
  const running = view.header.outcome === 'running';
  const axis: Axis = { start: view.timeline.start, end: axisEnd(view.timeline.start, running ? undefined : (view.timeline.end ?? view.header.finishedAt), now), now };
  if (!ui.active || !list.some((r) => r.logicalId === ui.active)) ui.active = list[0]?.logicalId;
  const ids = list.map((r) => r.logicalId);
  const go = (id: string | undefined) => {
    if (!id || !ids.includes(id)) return;
    ui.active = id;
    ui.redraw();
    focusBar(id);
  };
  const tick = running ? Math.floor(now / 1000) : 0;
  return html`<section class="timeline" aria-labelledby="tl-h">
    <h2 id="tl-h">Timeline</h2>
    <p class="meta">One bar per resource, from its first event to its last. <span class="legend"><span class="sw o-done"></span>done <span class="sw o-running"></span>in progress <span class="sw o-failed"></span>failed <span class="sw o-cancelled"></span>cancelled <span class="sw o-removed"></span>deleted <span class="sw tl-wait-sw"></span>waiting for signal · ◆ critical path · ✗ failure · ⤷ cancelled by it</span>. The Resources table below lists the same as text.</p>
    ${list.length === 0
      ? html`<p class="meta">No resource has started yet.</p>`
      : html`${ticks(axis.start, axis.end)}
          <div class="tl-rows" role="list" aria-label="Resources by start time; arrow keys move between them" @keydown=${(e: KeyboardEvent) => onListKey(e, ids, go)}>
            ${repeat(
              list,
              (r) => r.logicalId,
              (r) => guard([r, axis.start, axis.end, r.bar?.end === undefined ? tick : 0, ui.active === r.logicalId], () => barRow(r, r.bar as TimelineBar, axis, ui, go)),
            )}
          </div>`}
    ${tooltip(view, ui, now)}
  </section>`;
}
