import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** Theme colours only (the page follows light, dark and high-contrast themes). */
const STYLE = `
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
h1 { font-size: 1.4em; margin: 12px 0 4px; } h2 { font-size: 1.1em; margin: 18px 0 6px; }
.meta { color: var(--vscode-descriptionForeground); margin: 4px 0; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); vertical-align: top; }
td.num { text-align: right; white-space: nowrap; } td.type { color: var(--vscode-descriptionForeground); }
td.reason { word-break: break-word; }
.running .status, span.running { color: var(--vscode-progressBar-background); }
.done .status, span.done { color: var(--vscode-testing-iconPassed); }
.failed .status, span.failed { color: var(--vscode-errorForeground); }
.warning .status, span.warning { color: var(--vscode-editorWarning-foreground); }
.pending .status { color: var(--vscode-disabledForeground); }
.root-cause { border-left: 3px solid var(--vscode-errorForeground); padding: 4px 12px; background: var(--vscode-inputValidation-errorBackground); }
.notice { border-left: 3px solid var(--vscode-editorWarning-foreground); padding: 4px 12px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; max-height: 320px; overflow: auto; white-space: pre-wrap; font-family: var(--vscode-editor-font-family); }
a { color: var(--vscode-textLink-foreground); } a:focus, pre:focus { outline: 1px solid var(--vscode-focusBorder); }
code { font-family: var(--vscode-editor-font-family); word-break: break-all; }
.desc { color: var(--vscode-descriptionForeground); }
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
