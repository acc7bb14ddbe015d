import { applyHostMessage } from '../../../src/vscode/webviews/progress/panelPatch';
import type { HostMessage, PanelView } from '../../../src/vscode/webviews/progress/protocol';

type Handler = (m: unknown) => unknown;

/** A webview panel stand-in: what the host set, what it posted, and a way to send page messages. */
export function fakePanel() {
  let onMessage: Handler = () => undefined;
  let onDispose: () => void = () => undefined;
  const panel = {
    title: '',
    visible: true,
    disposed: false,
    posted: [] as HostMessage[],
    webview: {
      html: '',
      options: {},
      cspSource: 'vscode-resource:',
      asWebviewUri: (u: { toString(): string }) => u,
      postMessage: async (m: HostMessage) => void panel.posted.push(m),
      onDidReceiveMessage: (h: Handler) => ((onMessage = h), { dispose: () => undefined }),
    },
    onDidDispose: (h: () => void) => ((onDispose = h), { dispose: () => undefined }),
    reveal: () => undefined,
    dispose: () => {
      panel.disposed = true;
      onDispose();
    },
    send: (m: unknown) => onMessage(m),
    /** What the page shows after every message posted so far (the page's own patching). */
    view: (): PanelView | undefined => panel.posted.reduce<PanelView | undefined>(applyHostMessage, undefined),
    /** The page's view after each message, oldest first. */
    views: (): PanelView[] => {
      const all: PanelView[] = [];
      panel.posted.reduce<PanelView | undefined>((v, m) => {
        const next = applyHostMessage(v, m);
        if (next) all.push(next);
        return next;
      }, undefined);
      return all;
    },
  };
  return panel;
}
export type FakePanel = ReturnType<typeof fakePanel>;
