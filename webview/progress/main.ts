import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import type { HostMessage, OutputAction, PageMessage, ProgressView } from '../../src/vscode/webviews/progress/protocol';
import { renderProgress } from './render';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');

function draw(view: ProgressView): void {
  if (!root) return;
  // Keep keyboard focus on the same control across redraws.
  const focused = document.activeElement?.getAttribute('data-focus-key');
  root.innerHTML = renderProgress(view);
  if (focused) (root.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  if (event.data?.type === 'view') {
    draw(event.data.view);
    vscode.setState({ view: event.data.view });
  }
});

function act(target: Element): void {
  const el = target.closest('[data-action]');
  if (!el) return;
  const action = el.getAttribute('data-action');
  if (action === 'cancel') vscode.postMessage({ type: 'cancel' });
  else if (action === 'openUrl') vscode.postMessage({ type: 'openUrl', url: el.getAttribute('data-url') ?? '' });
  else if (action === 'output') {
    vscode.postMessage({ type: 'outputAction', action: (el.getAttribute('data-output-action') ?? 'copy') as OutputAction, key: el.getAttribute('data-key') ?? '' });
  }
}

document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.closest('a[data-action]')) e.preventDefault();
  if (e.target instanceof Element) act(e.target);
});
document.addEventListener('keydown', (e) => {
  // Links and buttons activate with Enter like native controls; vscode-button handles Space itself.
  if (e.key === 'Enter' && e.target instanceof Element && e.target.matches('a[data-action]')) {
    e.preventDefault();
    act(e.target);
  }
});

const saved = vscode.getState() as { view?: ProgressView } | undefined;
if (saved?.view) draw(saved.view);
vscode.postMessage({ type: 'ready' });
