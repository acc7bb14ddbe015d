import type { ProgressView } from '../../src/vscode/webviews/progress/protocol';
import type { ResourceRow } from '../../src/core/deploy/progressTypes';
import { html, type SafeHtml } from './escape';

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

function statusClass(status: string): string {
  if (status === '') return 'pending';
  if (status.endsWith('_IN_PROGRESS')) return 'running';
  if (status.endsWith('_FAILED')) return 'failed';
  if (status === 'DELETE_SKIPPED' || status.includes('ROLLBACK')) return 'warning';
  return 'done';
}

function row(r: ResourceRow, view: ProgressView): SafeHtml {
  const took = r.startedAt !== undefined ? duration((r.endedAt ?? view.now) - r.startedAt) : '';
  const url = view.resourceUrls[r.logicalId];
  return html`<tr class="${statusClass(r.status)}">
    <td>${url ? html`<a href="#" data-action="openUrl" data-url="${url}" data-focus-key="res:${r.logicalId}">${r.logicalId}</a>` : r.logicalId}</td>
    <td class="type">${r.type}</td>
    <td class="status">${r.status === '' ? 'waiting' : r.status}${r.waitsForSignal && r.status === 'CREATE_IN_PROGRESS' ? ' (waiting for signal)' : ''}</td>
    <td class="num">${took}</td>
    <td class="reason">${r.reason ?? ''}</td>
  </tr>`;
}

function header(view: ProgressView): SafeHtml {
  const s = view.state;
  const elapsed = duration((s.finishedAt ?? view.now) - s.startedAt);
  const eta = view.etaSeconds !== undefined ? html` · about ${duration(view.etaSeconds * 1000)} left` : '';
  return html`<header>
    <h1>${s.stackName}</h1>
    <p class="meta">${view.target.kind ?? 'stack'} · ${s.region} · ${s.operation} · <span class="${statusClass(s.stackStatus)}">${s.stackStatus || 'starting'}</span> · ${elapsed}${eta}</p>
    <vscode-progress-bar value="${view.percent}" max="100" aria-label="Resources in a final state"></vscode-progress-bar>
    <p class="meta">${view.percent}% of resources done</p>
    <div class="actions">
      ${view.canCancel ? html`<vscode-button secondary data-action="cancel" data-focus-key="cancel">${view.target.operation === 'update' ? 'Cancel update' : 'Cancel and delete'}</vscode-button>` : ''}
      <vscode-button secondary data-action="openUrl" data-url="${view.stackConsoleUrl}" data-focus-key="console">Open in AWS Console</vscode-button>
    </div>
    ${s.pollerMessage ? html`<p class="notice" role="status">${s.pollerMessage}</p>` : ''}
  </header>`;
}

function failure(view: ProgressView): SafeHtml | string {
  const c = view.rootCause;
  if (!c || view.outcome === 'succeeded') return '';
  return html`<section class="root-cause" role="alert">
    <h2>Root cause</h2>
    <p><strong>${c.logicalId}</strong> (${c.resourceType}): ${c.reason}</p>
    ${c.advice ? html`<p>${c.advice}</p>` : ''}
    <vscode-button data-action="openUrl" data-url="${c.consoleUrl}" data-focus-key="cause">Open the resource in the console</vscode-button>
  </section>`;
}

function leftBehind(view: ProgressView): SafeHtml | string {
  if (view.leftBehind.length === 0) return '';
  return html`<section class="left-behind"><h2>Left behind</h2><ul>${view.leftBehind.map(
    (l) => html`<li><strong>${l.logicalId}</strong> (${l.resourceType}${l.physicalId ? html` ${l.physicalId}` : ''}): ${l.explanation}</li>`,
  )}</ul></section>`;
}

function outputs(view: ProgressView): SafeHtml | string {
  const list = view.state.outputs;
  if (list.length === 0) return '';
  const labels = { copy: 'Copy', open: 'Open', ssh: 'Connect via SSH', sendDicom: 'Send DICOM' } as const;
  return html`<section class="outputs"><h2>Outputs</h2><table><tbody>${list.map(
    (o) => html`<tr><th scope="row">${o.key}</th><td><code>${o.value}</code>${o.description ? html`<div class="desc">${o.description}</div>` : ''}</td>
      <td class="actions">${(view.outputActions[o.key] ?? ['copy']).map(
        (a) => html`<vscode-button secondary data-action="output" data-output-action="${a}" data-key="${o.key}" data-focus-key="out:${o.key}:${a}">${labels[a]}</vscode-button>`,
      )}</td></tr>`,
  )}</tbody></table></section>`;
}

function bootLog(view: ProgressView): SafeHtml | string {
  const b = view.state.bootLog;
  if (!b || view.outcome !== 'running') return '';
  return html`<section class="boot-log"><h2>Boot log of ${b.logicalId} (${b.instanceId})</h2><pre aria-live="polite">${b.lines.join('\n')}</pre></section>`;
}

function eventLog(view: ProgressView): SafeHtml {
  const recent = view.state.log.slice(-80).reverse();
  return html`<section class="events"><h2>Events</h2><pre tabindex="0">${recent
    .map((e) => `${new Date(e.time).toISOString().slice(11, 19)}  ${e.logicalId}  ${e.status}${e.reason ? `  ${e.reason}` : ''}`)
    .join('\n')}</pre></section>`;
}

/** The whole panel body; a pure function of the view, every AWS string escaped. */
export function renderProgress(view: ProgressView): string {
  return html`${header(view)}${failure(view)}${leftBehind(view)}${outputs(view)}${bootLog(view)}
    <section class="resources"><h2>Resources</h2><table>
      <thead><tr><th scope="col">Resource</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Time</th><th scope="col">Reason</th></tr></thead>
      <tbody>${view.state.rows.map((r) => row(r, view))}</tbody>
    </table></section>
    ${eventLog(view)}`.text;
}
