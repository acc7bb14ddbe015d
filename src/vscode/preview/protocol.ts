import { hasExactly, isRecord } from '../webviews/messageFields';

/** The custom editor's view type (package.json `customEditors`). */
export const PREVIEW_VIEW_TYPE = 'imagingLab.dicomPreview';
/** The same editor offered for any file through "Open With…" (DICOM files often have no extension). */
export const PREVIEW_ANY_FILE_VIEW_TYPE = 'imagingLab.dicomPreviewAnyFile';

/** One row of the attribute tree (values already shortened and made plain text by the worker). */
export interface TreeNode {
  /** "(GGGG,EEEE)" */
  readonly tag: string;
  readonly vr: string;
  /** Keyword from the dictionary, "Private (creator)" or "Unknown". */
  readonly name: string;
  readonly value: string;
  /** Why it looks like identity (PS3.15 Annex E, private, burned-in), if it does. */
  readonly identity?: string;
  /** Sequence items, each a list of nodes. */
  readonly items?: readonly (readonly TreeNode[])[];
}

export interface KeyAttribute {
  readonly label: string;
  readonly value: string;
}

export interface LoadedInfo {
  readonly keyAttributes: readonly KeyAttribute[];
  readonly tree: readonly TreeNode[];
  readonly identitySummary: string;
  readonly flagged: number;
  readonly frames: number;
  readonly modality: string;
  /** Undefined when pixels can be shown; else why not. */
  readonly cannotRender?: string;
}

/** Host -> page. */
/** The page fetches the file from `url` (a webview resource URI; large files never go through postMessage). */
export type HostMessage = { readonly type: 'file'; readonly name: string; readonly url: string } | { readonly type: 'fileError'; readonly message: string };

/** Page -> host. */
export type PageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'sendDicom' }
  | { readonly type: 'sendDeidentified' }
  | { readonly type: 'firstPixels'; readonly milliseconds: number };

/** Checked field by field (the page shows untrusted DICOM text): nothing missing, nothing extra. */
export function isPageMessage(value: unknown): value is PageMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'sendDicom':
    case 'sendDeidentified':
      return hasExactly(value, ['type']);
    case 'firstPixels':
      return hasExactly(value, ['type', 'milliseconds']) && typeof value.milliseconds === 'number' && Number.isFinite(value.milliseconds) && value.milliseconds >= 0;
    default:
      return false;
  }
}

/** Page -> worker. */
export type WorkerRequest =
  | { readonly type: 'load'; readonly bytes: ArrayBuffer }
  /** Answer to needCodecs: a blob: URL of the codec WebAssembly the page fetched. */
  | { readonly type: 'codecs'; readonly url: string }
  | { readonly type: 'render'; readonly frame: number; readonly windowWidth?: number; readonly windowCenter?: number };

/** Worker -> page. */
export type WorkerReply =
  | { readonly type: 'loaded'; readonly info: LoadedInfo }
  /** The file is compressed: the worker needs the codecs (fetched by the page, which the webview's resource loading serves). */
  | { readonly type: 'needCodecs' }
  | {
      readonly type: 'frame';
      readonly frame: number;
      readonly width: number;
      readonly height: number;
      readonly pixels: ArrayBuffer;
      readonly windowWidth?: number;
      readonly windowCenter?: number;
    }
  | { readonly type: 'renderError'; readonly message: string };
