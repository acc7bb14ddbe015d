import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/**
 * Theme colours only (the page follows light, dark and high-contrast themes). Status colours are
 * theme tokens drawn a little toward the theme's foreground, which keeps them recognisable while
 * giving text at least 4.5:1 and bars at least 3:1 against the background (the e2e suite measures
 * it in each theme). Every status also has a word or glyph, so colour is never the only signal.
 */
const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px;
  --il-done: color-mix(in srgb, var(--vscode-testing-iconPassed, var(--vscode-charts-green)) 45%, var(--vscode-foreground));
  --il-running: color-mix(in srgb, var(--vscode-charts-blue, var(--vscode-progressBar-background)) 62%, var(--vscode-foreground));
  --il-failed: color-mix(in srgb, var(--vscode-errorForeground) 75%, var(--vscode-foreground));
  --il-warning: color-mix(in srgb, var(--vscode-editorWarning-foreground, var(--vscode-charts-orange)) 55%, var(--vscode-foreground));
  --il-muted: var(--vscode-descriptionForeground);
  --il-rule: var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); }
h1 { font-size: 1.4em; margin: 12px 0 4px; } h2 { font-size: 1.1em; margin: 18px 0 6px; }
.meta { color: var(--il-muted); margin: 4px 0; }
.actions, .button-row { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.actions { margin: 8px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--il-rule); vertical-align: top; }
.outputs-table th, .outputs-table td { vertical-align: middle; }
td.output-actions { width: 1%; white-space: nowrap; } td.output-actions .button-row { flex-wrap: nowrap; }
td.num { text-align: right; white-space: nowrap; } td.type { color: var(--il-muted); }
td.reason { word-break: break-word; }
.status.running { color: var(--il-running); } .status.done { color: var(--il-done); }
.status.failed { color: var(--il-failed); } .status.warning { color: var(--il-warning); } .status.pending { color: var(--il-muted); }
.root-cause { border-left: 3px solid var(--il-failed); padding: 4px 12px; background: var(--vscode-inputValidation-errorBackground); }
.notice { border-left: 3px solid var(--il-warning); padding: 4px 12px; }
pre, .log { background: var(--vscode-textCodeBlock-background); padding: 8px; max-height: 320px; overflow: auto; white-space: pre-wrap; font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); margin: 0; }
.log .t { color: var(--il-muted); } .log .id { font-weight: 600; }
a { color: var(--vscode-textLink-foreground); }
a:focus, pre:focus, .log:focus, .tl-hit:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
code { font-family: var(--vscode-editor-font-family); word-break: break-all; }
.desc { color: var(--il-muted); }
.legend .sw { display: inline-block; width: 12px; height: 8px; margin: 0 3px 0 8px; vertical-align: middle; }
.timeline { --row: 20px; --label: 14em; }
.tl-axis, .tl-row { display: flex; align-items: center; min-height: var(--row); }
.tl-label { flex: 0 0 var(--label); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; }
.tl-glyph { display: inline-block; width: 1.2em; color: var(--il-muted); }
.tl-row.chain .tl-glyph, .tl-row.r-cancelled .tl-glyph { color: var(--il-failed); }
.tl-track { position: relative; flex: 1 1 auto; height: var(--row); }
.tl-axis .tl-track { border-bottom: 1px solid var(--il-rule); height: 1.4em; }
.tl-tick { position: absolute; left: var(--l); bottom: 2px; color: var(--il-muted); font-size: 0.85em; padding-left: 2px; border-left: 1px solid var(--il-rule); }
.tl-rows { max-height: 380px; overflow-y: auto; }
.tl-row:nth-child(even) .tl-track { background: color-mix(in srgb, var(--vscode-foreground) 4%, transparent); }
.tl-seg, .tl-wait, .tl-hit { position: absolute; left: var(--l); width: max(var(--w), 3px); }
.tl-seg { top: 5px; height: calc(var(--row) - 10px); border-radius: 2px; }
.tl-seg.crit { top: 3px; height: calc(var(--row) - 6px); box-shadow: 0 0 0 1px var(--vscode-foreground); }
.tl-wait { top: calc(var(--row) - 3px); height: 3px; background: repeating-linear-gradient(90deg, var(--vscode-foreground) 0 4px, transparent 4px 7px); }
.tl-hit { top: 0; height: var(--row); padding: 0; margin: 0; border: 0; background: transparent; cursor: default; }
.o-done { background: var(--il-done); } .o-running { background: repeating-linear-gradient(135deg, var(--il-running) 0 6px, color-mix(in srgb, var(--il-running) 55%, transparent) 6px 10px); }
.o-failed { background: var(--il-failed); } .o-cancelled { background: repeating-linear-gradient(135deg, var(--il-failed) 0 3px, transparent 3px 6px); }
.o-removed, .o-reverted { background: var(--il-warning); } .o-kept { background: var(--il-muted); }
.tl-wait-sw { background: repeating-linear-gradient(90deg, var(--vscode-foreground) 0 4px, transparent 4px 7px); height: 3px !important; }
.tl-tip { margin-top: 6px; padding: 4px 8px; min-height: 3.2em; border: 1px solid var(--il-rule); background: var(--vscode-editorHoverWidget-background, transparent); color: var(--vscode-editorHoverWidget-foreground, inherit); }
`;

/**
 * The panel document: CSP `default-src 'none'`, the bundled page script and the style allowed by
 * nonce only; nothing else can load or run.
 */
export function progressHtml(o: { cspSource: string; scriptUri: string; nonce: string; title: string }): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource}`,
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, "")}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(o.title)}</title>
<style nonce="${o.nonce}">${STYLE}</style>
</head>
<body>
<main id="root" aria-live="off"><p>Loading progress…</p></main>
<script nonce="${o.nonce}" src="${esc(o.scriptUri)}"></script>
</body>
</html>`;
}
