import { html, nothing, type TemplateResult } from 'lit';
import type { LoadedInfo, TreeNode } from '../../src/vscode/preview/protocol';
import { CT_PRESETS } from './windowLevel';

export interface ViewState {
  readonly name: string;
  readonly info?: LoadedInfo;
  readonly error?: string;
  readonly frame: number;
  readonly windowWidth?: number;
  readonly windowCenter?: number;
  readonly fit: boolean;
  readonly filter: string;
}

export interface Handlers {
  readonly send: () => void;
  readonly sendDeidentified: () => void;
  readonly preset: (value: string) => void;
  readonly reset: () => void;
  readonly toggleFit: () => void;
  readonly frame: (frame: number) => void;
  readonly filter: (text: string) => void;
}

function matches(node: TreeNode, filter: string): boolean {
  if (!filter) return true;
  const f = filter.toLowerCase();
  return `${node.tag} ${node.name} ${node.value} ${node.vr}`.toLowerCase().includes(f) || (node.items ?? []).some((item) => item.some((n) => matches(n, filter)));
}

/** Lit escapes every interpolated value: DICOM text is never markup. */
function row(node: TreeNode, filter: string): TemplateResult | typeof nothing {
  if (!matches(node, filter)) return nothing;
  const label = html`<span class="tag">${node.tag}</span> <span class="vr">${node.vr}</span> <span class="name">${node.name}</span>${node.value ? html` <span class="value">${node.value}</span>` : nothing}${node.identity
    ? html` <span class="phi" title=${node.identity}>⚠ ${node.identity}</span>`
    : nothing}`;
  if (!node.items) return html`<li class=${node.identity ? 'flagged' : ''}>${label}</li>`;
  return html`<li class=${node.identity ? 'flagged' : ''}>
    <details ?open=${filter !== ''}>
      <summary>${label}</summary>
      <ol class="items">
        ${node.items.map((item, i) => html`<li><details ?open=${filter !== ''}><summary>Item ${i + 1}</summary><ul class="tree">${item.map((n) => row(n, filter))}</ul></details></li>`)}
      </ol>
    </details>
  </li>`;
}

export function renderPage(state: ViewState, h: Handlers): TemplateResult {
  const info = state.info;
  const presets = info?.modality === 'CT' ? CT_PRESETS : [];
  return html`
    <header>
      <h1>${state.name}</h1>
      ${info ? html`<p id="phi-summary" class=${info.flagged > 0 ? 'phi-summary warn' : 'phi-summary'}>${info.identitySummary}</p>` : nothing}
      <div class="actions">
        <vscode-button id="send" @click=${h.send}>Send DICOM to…</vscode-button>
        <vscode-button id="send-deid" secondary @click=${h.sendDeidentified}>Send De-identified…</vscode-button>
      </div>
    </header>
    ${state.error ? html`<p class="error" role="alert">${state.error}</p>` : nothing}
    ${info?.cannotRender ? html`<p class="error" role="alert" id="cannot-render">${info.cannotRender}</p>` : nothing}
    <section class="viewer" ?hidden=${!info || info.cannotRender !== undefined}>
      <div class="toolbar">
        <label>Window/level <select id="preset" @change=${(e: Event) => h.preset((e.target as HTMLSelectElement).value)}>
          <option value="">From the file</option>
          ${presets.map((p) => html`<option value=${p.label}>${p.label} (${p.width}/${p.center})</option>`)}
        </select></label>
        <vscode-button id="reset" secondary @click=${h.reset}>Reset</vscode-button>
        <vscode-button id="fit" secondary @click=${h.toggleFit}>${state.fit ? '1:1' : 'Fit'}</vscode-button>
        <span id="wl" class="desc">${state.windowWidth !== undefined ? `W ${Math.round(state.windowWidth)} / L ${Math.round(state.windowCenter ?? 0)}` : ''}</span>
        ${info && info.frames > 1
          ? html`<label>Frame <input id="frame" type="range" min="1" max=${info.frames} .value=${String(state.frame + 1)} @input=${(e: Event) => h.frame(Number((e.target as HTMLInputElement).value) - 1)}> <span id="frame-label">${state.frame + 1} / ${info.frames}</span></label>`
          : nothing}
      </div>
      <div class=${state.fit ? 'canvas-box fit' : 'canvas-box'}><canvas id="image" title="Drag to change window/level"></canvas></div>
    </section>
    ${info
      ? html`<section class="attributes">
          <h2>Key attributes</h2>
          <table id="key-attributes">${info.keyAttributes.map((a) => html`<tr><th>${a.label}</th><td>${a.value}</td></tr>`)}</table>
          <h2>All attributes</h2>
          <input id="search" type="search" placeholder="Search tag, name or value" .value=${state.filter} @input=${(e: Event) => h.filter((e.target as HTMLInputElement).value)}>
          <ul class="tree" id="tree">${info.tree.map((n) => row(n, state.filter))}</ul>
        </section>`
      : html`<p class="desc">Reading…</p>`}
  `;
}
