import { DicomImage, NativePixelDecoder, WindowLevel } from 'dcmjs-imaging';
import { sopClassName } from '../../src/core/preview/sopClassNames';
import { transferSyntaxName } from '../../src/core/dicom/transferSyntax';
import type { KeyAttribute, LoadedInfo, WorkerReply, WorkerRequest } from '../../src/vscode/preview/protocol';
import { buildTree, parseFile, summaryFor, valueText } from './dataSetTree';

/** Transfer syntaxes dcmjs-imaging decodes in JavaScript; the others need its WebAssembly codecs. */
const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2']);

let image: DicomImage | undefined;

const reply = (message: WorkerReply, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

let codecsArrived: ((url: string) => void) | undefined;

/** Asks the page for the codecs (the page can load webview resources; a blob worker may not). */
function codecsUrl(): Promise<string> {
  return new Promise((resolve) => {
    codecsArrived = resolve;
    reply({ type: 'needCodecs' });
  });
}

async function load(bytes: ArrayBuffer): Promise<void> {
  const { dict, meta } = parseFile(bytes);
  const ts = valueText(meta['00020010']);
  const { tree, flagged } = buildTree(dict);
  const text = (key: string) => valueText(dict[key]);
  const frames = Math.max(1, Number(text('00280008')) || 1);
  const keyAttributes: KeyAttribute[] = [
    { label: 'Patient', value: `${text('00100010')}${text('00100020') ? ` (ID ${text('00100020')})` : ''}` },
    { label: 'Study', value: [text('00081030'), text('00080020')].filter(Boolean).join(' · ') },
    { label: 'Series', value: [text('00200011') && `#${text('00200011')}`, text('0008103E')].filter(Boolean).join(' ') },
    { label: 'Modality', value: text('00080060') },
    { label: 'Dimensions', value: `${text('00280011')} × ${text('00280010')}${frames > 1 ? ` × ${frames} frames` : ''}, ${text('00280100')}-bit${text('00280103') === '1' ? ' signed' : ''}` },
    { label: 'Photometric', value: text('00280004') },
    { label: 'Transfer syntax', value: transferSyntaxName(ts) },
    { label: 'SOP class', value: sopClassName(text('00080016')) },
  ];
  let cannotRender: string | undefined;
  image = undefined;
  try {
    if (!dict['7FE00010']) throw new Error('the data set has no pixel data');
    if (!NATIVE.has(ts) && !NativePixelDecoder.isInitialized()) await NativePixelDecoder.initializeAsync({ webAssemblyModulePathOrUrl: await codecsUrl() });
    image = new DicomImage(bytes);
  } catch (error) {
    cannotRender = `The pixels cannot be shown: ${(error as Error).message ?? String(error)}`;
  }
  const info: LoadedInfo = { keyAttributes, tree, identitySummary: summaryFor(dict, flagged), flagged, frames, modality: text('00080060'), ...(cannotRender ? { cannotRender } : {}) };
  reply({ type: 'loaded', info });
}

function render(frame: number, windowWidth?: number, windowCenter?: number): void {
  if (!image) return;
  try {
    const result = image.render({
      frame,
      renderOverlays: true,
      ...(windowWidth !== undefined && windowCenter !== undefined ? { windowLevel: new WindowLevel(Math.max(1, windowWidth), windowCenter) } : {}),
    });
    const wl = result.windowLevel;
    reply(
      {
        type: 'frame',
        frame: result.frame,
        width: result.width,
        height: result.height,
        pixels: result.pixels,
        ...(wl ? { windowWidth: wl.getWindow(), windowCenter: wl.getLevel() } : {}),
      },
      [result.pixels],
    );
  } catch (error) {
    reply({ type: 'renderError', message: `The pixels cannot be shown: ${(error as Error).message ?? String(error)}` });
  }
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const m = event.data;
  if (m.type === 'codecs') codecsArrived?.(m.url);
  else if (m.type === 'load') load(m.bytes).catch((error: unknown) => reply({ type: 'renderError', message: `Not readable as DICOM: ${(error as Error).message ?? String(error)}` }));
  else if (m.type === 'render') render(m.frame, m.windowWidth, m.windowCenter);
});
