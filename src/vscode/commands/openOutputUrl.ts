import * as vscode from 'vscode';
import type { Services } from '../services';
import { resolveStack } from '../pickers/pickStack';
import { required } from '../userCancelled';
import { OutputNode } from '../tree/nodes/leafNodes';

/** An http(s) URL and nothing else: an output is text from the stack, never a command: or file: link. */
export function webUrl(value: string): URL | undefined {
  if (!/^https?:\/\/\S+$/i.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Opens a URL output in the browser; from the palette, asks for the stack and the output. Every path checks the URL. */
export async function openOutputUrl(services: Services, node?: unknown): Promise<void> {
  let value: string;
  if (node instanceof OutputNode) {
    value = node.output.value;
  } else {
    const stack = await resolveStack(services, node, (s) => s.outputs.some((o) => webUrl(o.value)), 'Open a web address of which stack?');
    const urls = stack.outputs.filter((o) => webUrl(o.value));
    const picked = urls.length === 1 ? urls[0] : await vscode.window.showQuickPick(urls.map((o) => ({ label: o.key, description: o.value, o })), { placeHolder: 'Which address?' }).then((p) => p?.o);
    value = required(picked).value;
  }
  const url = webUrl(value);
  if (!url) throw new Error(`The output is not a web address (only http:// and https:// are opened): ${JSON.stringify(value.slice(0, 80))}.`);
  await vscode.env.openExternal(vscode.Uri.parse(url.toString()));
}
