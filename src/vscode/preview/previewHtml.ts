import { randomBytes } from 'node:crypto';

const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
#root { display: grid; grid-template-columns: minmax(300px, 3fr) minmax(280px, 2fr); gap: 0 16px; }
header, .error { grid-column: 1 / -1; }
h1 { font-size: 1.3em; margin: 10px 0 2px; word-break: break-all; } h2 { font-size: 1.05em; margin: 12px 0 6px; }
.phi-summary { margin: 2px 0 6px; } .phi-summary.warn { color: var(--vscode-editorWarning-foreground); font-weight: 600; }
.actions, .toolbar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 6px 0; }
.desc { color: var(--vscode-descriptionForeground); }
.error { color: var(--vscode-errorForeground); border-left: 3px solid var(--vscode-errorForeground); padding: 4px 10px; }
.canvas-box { overflow: auto; max-height: 75vh; background: #000; border: 1px solid var(--vscode-editorWidget-border, transparent); }
.canvas-box canvas { display: block; image-rendering: pixelated; cursor: crosshair; touch-action: none; }
.canvas-box.fit canvas { width: 100%; height: auto; max-height: 75vh; object-fit: contain; }
select, input { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); }
input[type=search] { width: 100%; padding: 3px 6px; box-sizing: border-box; }
table { border-collapse: collapse; width: 100%; } th { text-align: left; padding: 2px 8px 2px 0; color: var(--vscode-descriptionForeground); font-weight: normal; white-space: nowrap; vertical-align: top; } td { padding: 2px 0; word-break: break-word; }
ul.tree { list-style: none; padding-left: 12px; margin: 4px 0; font-family: var(--vscode-editor-font-family); font-size: 0.92em; }
ol.items { padding-left: 16px; margin: 0; }
.tag { color: var(--vscode-symbolIcon-numberForeground, var(--vscode-descriptionForeground)); } .vr { color: var(--vscode-descriptionForeground); }
.value { word-break: break-word; } .phi { color: var(--vscode-editorWarning-foreground); }
li.flagged > .name, li.flagged > details > summary > .name { text-decoration: underline dotted var(--vscode-editorWarning-foreground); }
summary { cursor: pointer; }
`;

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/**
 * The preview document. CSP: nothing but the nonce'd page script and style; the page fetches the
 * file, the worker script and the codec WebAssembly from webview resources (connect-src); the
 * worker runs from a blob (worker-src blob:) and gets the codecs as a blob: URL, compiled under
 * 'wasm-unsafe-eval'.
 */
export function previewHtml(o: { cspSource: string; scriptUri: string; workerUri: string; wasmUri: string; nonce: string }): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}' 'wasm-unsafe-eval'`,
    'worker-src blob:',
    `connect-src ${o.cspSource} blob:`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `font-src ${o.cspSource}`,
    `img-src ${o.cspSource} data:`,
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const head = [
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    '<title>DICOM Preview</title>',
    `<style nonce="${o.nonce}">${STYLE}</style>`,
  ];
  const script = `<script nonce="${o.nonce}" src="${esc(o.scriptUri)}"></script>`;
  return `<!DOCTYPE html><html lang="en"><head>${head.join('')}</head><body data-worker="${esc(o.workerUri)}" data-wasm="${esc(o.wasmUri)}"><main id="root"><p>Loading…</p></main>${script}</body></html>`;
}
