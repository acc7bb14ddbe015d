import '@vscode-elements/elements/dist/vscode-button/index.js';
import { render } from 'lit';
import type { HostMessage, PageMessage, WorkerReply, WorkerRequest } from '../../src/vscode/preview/protocol';
import { renderPage, type ViewState } from './view';
import { CT_PRESETS, dragWindowLevel } from './windowLevel';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const started = performance.now();
let state: ViewState = { name: '', frame: 0, fit: true, filter: '' };
let fileWindow: { width?: number; center?: number } = {};
let worker: Worker | undefined;
let rendering = false;
let pending: WorkerRequest | undefined;
let firstPixelsReported = false;

function update(patch: Partial<ViewState>): void {
  state = { ...state, ...patch };
  render(renderPage(state, handlers), root);
}

/** One render in flight at a time; while dragging only the latest request waits. */
function requestRender(frame: number, windowWidth?: number, windowCenter?: number): void {
  const request: WorkerRequest = { type: 'render', frame, ...(windowWidth !== undefined ? { windowWidth } : {}), ...(windowCenter !== undefined ? { windowCenter } : {}) };
  if (rendering) {
    pending = request;
    return;
  }
  rendering = true;
  worker?.postMessage(request);
}

const handlers = {
  send: () => vscode.postMessage({ type: 'sendDicom' }),
  sendDeidentified: () => vscode.postMessage({ type: 'sendDeidentified' }),
  preset: (label: string) => {
    const preset = CT_PRESETS.find((p) => p.label === label);
    if (preset) requestRender(state.frame, preset.width, preset.center);
    else requestRender(state.frame, fileWindow.width, fileWindow.center);
  },
  reset: () => {
    const select = document.getElementById('preset') as HTMLSelectElement | null;
    if (select) select.value = '';
    requestRender(state.frame, fileWindow.width, fileWindow.center);
  },
  toggleFit: () => update({ fit: !state.fit }),
  frame: (frame: number) => {
    update({ frame });
    requestRender(frame, state.windowWidth, state.windowCenter);
  },
  filter: (filter: string) => update({ filter }),
};

function draw(reply: Extract<WorkerReply, { type: 'frame' }>): void {
  const canvas = document.getElementById('image') as HTMLCanvasElement | null;
  if (canvas) {
    canvas.width = reply.width;
    canvas.height = reply.height;
    canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(reply.pixels), reply.width, reply.height), 0, 0);
    canvas.dataset.frame = String(reply.frame);
  }
  if (!firstPixelsReported) {
    firstPixelsReported = true;
    fileWindow = { ...(reply.windowWidth !== undefined ? { width: reply.windowWidth } : {}), ...(reply.windowCenter !== undefined ? { center: reply.windowCenter } : {}) };
    const milliseconds = performance.now() - started;
    document.body.dataset.firstPixelsMs = milliseconds.toFixed(0);
    vscode.postMessage({ type: 'firstPixels', milliseconds });
  }
  update({ windowWidth: reply.windowWidth, windowCenter: reply.windowCenter });
}

function onWorker(event: MessageEvent<WorkerReply>): void {
  const m = event.data;
  if (m.type === 'needCodecs') {
    sendCodecs().catch((error: unknown) => update({ error: `The image codecs could not be loaded: ${(error as Error).message}` }));
    return;
  }
  if (m.type === 'loaded') {
    update({ info: m.info });
    if (!m.info.cannotRender) requestRender(0);
    return;
  }
  rendering = false;
  if (m.type === 'frame') draw(m);
  else update({ error: m.message });
  if (pending) {
    const next = pending;
    pending = undefined;
    rendering = true;
    worker?.postMessage(next);
  }
}

/** The worker script is fetched and started from a blob: webview resources are not same-origin. */
async function startWorker(fileUrl: string): Promise<void> {
  const [source, file] = await Promise.all([fetchOk(document.body.dataset.worker ?? '').then((r) => r.text()), fetchOk(fileUrl).then((r) => r.arrayBuffer())]);
  worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
  worker.addEventListener('message', onWorker);
  worker.addEventListener('error', (e) => update({ error: `The image worker failed: ${e.message}` }));
  worker.postMessage({ type: 'load', bytes: file } satisfies WorkerRequest, [file]);
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} loading ${url.split('/').pop() ?? url}`);
  return response;
}

/** The codecs (4 MB of WebAssembly) are fetched only when a compressed file needs them. */
async function sendCodecs(): Promise<void> {
  const wasm = await (await fetchOk(document.body.dataset.wasm ?? '')).arrayBuffer();
  const url = URL.createObjectURL(new Blob([wasm], { type: 'application/wasm' }));
  worker?.postMessage({ type: 'codecs', url } satisfies WorkerRequest);
}

// Drag on the image: horizontal = window width, vertical = window center.
let drag: { x: number; y: number; width: number; center: number } | undefined;
root.addEventListener('pointerdown', (e) => {
  if (!(e.target instanceof HTMLCanvasElement) || state.windowWidth === undefined) return;
  drag = { x: e.clientX, y: e.clientY, width: state.windowWidth, center: state.windowCenter ?? 0 };
  e.target.setPointerCapture(e.pointerId);
});
root.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const next = dragWindowLevel(drag, e.clientX - drag.x, e.clientY - drag.y);
  requestRender(state.frame, next.width, next.center);
});
root.addEventListener('pointerup', () => (drag = undefined));

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  if (m?.type === 'file') {
    update({ name: m.name });
    startWorker(m.url).catch((error: unknown) => update({ error: `The preview could not load ${m.name}: ${(error as Error).message}` }));
  } else if (m?.type === 'fileError') update({ error: m.message });
});

root.textContent = '';
update({});
vscode.postMessage({ type: 'ready' });
