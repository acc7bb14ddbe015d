import { html, nothing, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { OutputAction, PageMessage, PanelView, ResourceView } from '../../src/vscode/webviews/progress/protocol';
import { clock, duration, remaining } from './format';

export type Send = (message: PageMessage) => void;

/** A status word's class: the colour (from theme tokens) and the glyph that says the same without colour. */
export function statusClass(status: string): string {
  if (status === '') return 'pending';
  if (status.endsWith('_IN_PROGRESS')) return 'running';
  if (status.endsWith('_FAILED')) return 'failed';
  if (status === 'DELETE_SKIPPED' || status.includes('ROLLBACK')) return 'warning';
  return 'done';
}

function link(url: string, text: string, send: Send): TemplateResult {
  const open = (e: Event) => {
    e.preventDefault();
    send({ type: 'openUrl', url });
  };
  return html`<a href="#" @click=${open}>${text}</a>`;
}

/** Elapsed time of the operation: its real duration once finished, else up to the (host-aligned) clock. */
export function elapsed(view: PanelView, now: number): number {
  return (view.header.finishedAt ?? now) - view.header.startedAt;
}

export function header(view: PanelView, now: number, send: Send): TemplateResult {
  const h = view.header;
  const eta = h.etaSeconds !== undefined ? ` · ${remaining(h.etaSeconds - (now - h.computedAt) / 1000)}` : '';
  return html`<header>
    <h1>${h.target.stackName}</h1>
    <p class="meta">
      ${h.target.kind ?? 'stack'} · ${h.target.region} · ${h.target.operation} ·
      <span class="status ${statusClass(h.stackStatus)}">${h.stackStatus || 'starting'}</span> ·
      <span class="elapsed">${duration(elapsed(view, now))}</span><span class="eta">${eta}</span>
    </p>
    <vscode-progress-bar .value=${h.percent} max="100" aria-label="Resources in a final state"></vscode-progress-bar>
    <p class="meta">${h.percent}% of resources done</p>
    <div class="actions">
      ${h.canCancel
        ? html`<vscode-button secondary @click=${() => send({ type: 'cancel' })}>${h.target.operation === 'update' ? 'Cancel update' : 'Cancel and delete'}</vscode-button>`
        : nothing}
      <vscode-button secondary @click=${() => send({ type: 'openUrl', url: h.stackConsoleUrl })}>Open in AWS Console</vscode-button>
    </div>
    ${h.pollerMessage ? html`<p class="notice" role="status">${h.pollerMessage}</p>` : nothing}
  </header>`;
}

export function failure(view: PanelView, send: Send): TemplateResult | typeof nothing {
  const c = view.rootCause;
  if (!c || view.header.outcome === 'succeeded') return nothing;
  const chain = view.timeline.failureChain;
  return html`<section class="root-cause" role="alert">
    <h2>Root cause</h2>
    <p><strong>${c.logicalId}</strong> (${c.resourceType}): ${c.reason}</p>
    ${chain.length > 1 ? html`<p>Its reason points at <strong>${chain.slice(1).join(' → ')}</strong>, marked ✗ in the timeline.</p>` : nothing}
    ${c.advice ? html`<p>${c.advice}</p>` : nothing}
    <vscode-button @click=${() => send({ type: 'openUrl', url: c.consoleUrl })}>Open the resource in the console</vscode-button>
  </section>`;
}

export function leftBehindSection(view: PanelView): TemplateResult | typeof nothing {
  if (view.leftBehind.length === 0) return nothing;
  return html`<section class="left-behind"><h2>Left behind</h2><ul>${view.leftBehind.map(
    (l) => html`<li><strong>${l.logicalId}</strong> (${l.resourceType}${l.physicalId ? ` ${l.physicalId}` : ''}): ${l.explanation}</li>`,
  )}</ul></section>`;
}

const OUTPUT_LABELS: Readonly<Record<OutputAction, string>> = { copy: 'Copy', open: 'Open', ssh: 'Connect via SSH', sendDicom: 'Send DICOM' };

export function outputs(view: PanelView, send: Send): TemplateResult | typeof nothing {
  if (view.outputs.length === 0) return nothing;
  return html`<section class="outputs"><h2>Outputs</h2><table class="outputs-table"><tbody>${view.outputs.map(
    (o) => html`<tr>
      <th scope="row">${o.key}</th>
      <td><code>${o.value}</code>${o.description ? html`<div class="desc">${o.description}</div>` : nothing}</td>
      <td class="output-actions"><div class="button-row">${o.actions.map(
        (a) => html`<vscode-button secondary @click=${() => send({ type: 'outputAction', action: a, key: o.key })}>${OUTPUT_LABELS[a]}</vscode-button>`,
      )}</div></td>
    </tr>`,
  )}</tbody></table></section>`;
}

export function bootLog(view: PanelView): TemplateResult | typeof nothing {
  const b = view.bootLog;
  if (!b) return nothing;
  return html`<section class="boot-log"><h2>Boot log of ${b.logicalId} (${b.instanceId})</h2><pre tabindex="0">${b.lines.join('\n')}</pre></section>`;
}

function resourceRow(r: ResourceView, now: number, send: Send): TemplateResult {
  const took = r.startedAt !== undefined ? duration((r.endedAt ?? now) - r.startedAt) : '';
  const waiting = r.waitsForSignal && r.status === 'CREATE_IN_PROGRESS' ? ' (waiting for signal)' : '';
  return html`<tr>
    <td>${r.consoleUrl ? link(r.consoleUrl, r.logicalId, send) : r.logicalId}</td>
    <td class="type">${r.type}</td>
    <td class="status ${statusClass(r.status)}">${r.status === '' ? 'waiting' : r.status}${waiting}</td>
    <td class="num">${took}</td>
    <td class="reason">${r.reason ?? ''}</td>
  </tr>`;
}

/** The text alternative of the timeline: one row per resource, in template order. */
export function resources(view: PanelView, now: number, send: Send): TemplateResult {
  const tick = Math.floor(now / 1000);
  return html`<section class="resources"><h2>Resources</h2><table>
    <thead><tr><th scope="col">Resource</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Reason</th></tr></thead>
    <tbody>${repeat(
      view.resources,
      (r) => r.logicalId,
      // Finished rows never change with the clock; running rows count their time.
      (r) => guard([r, r.endedAt === undefined && r.startedAt !== undefined ? tick : 0], () => resourceRow(r, now, send)),
    )}</tbody>
  </table></section>`;
}

/** Oldest first, so new events add at the bottom and what a reader looks at stays put. */
export function events(view: PanelView): TemplateResult {
  return html`<section class="events"><h2>Events</h2><div class="log" role="log" tabindex="0" aria-label="Stack events, oldest first">${repeat(
    view.log,
    (l) => l.id,
    (l) => html`<div class="line"><span class="t">${clock(l.time)}</span> <span class="id">${l.logicalId}</span> <span class="status ${statusClass(l.status)}">${l.status}</span>${l.reason ? html` <span class="reason">${l.reason}</span>` : nothing}</div>`,
  )}</div></section>`;
}
