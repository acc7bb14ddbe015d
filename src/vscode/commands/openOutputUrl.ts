import * as vscode from 'vscode';
import type { Services } from '../services';
import { resolveStack } from '../pickers/pickStack';
import { required } from '../userCancelled';
import { OutputNode } from '../tree/nodes/leafNodes';

const isUrl = (value: string) => /^https?:\/\/\S+$/i.test(value);

/** Opens a URL output in the browser; from the palette, asks for the stack and the output. */
export async function openOutputUrl(services: Services, node?: unknown): Promise<void> {
  let url: string;
  if (node instanceof OutputNode) {
    url = node.output.value;
  } else {
    const stack = await resolveStack(services, node, (s) => s.outputs.some((o) => isUrl(o.value)), 'Open a web address of which stack?');
    const urls = stack.outputs.filter((o) => isUrl(o.value));
    const picked = urls.length === 1 ? urls[0] : await vscode.window.showQuickPick(urls.map((o) => ({ label: o.key, description: o.value, o })), { placeHolder: 'Which address?' }).then((p) => p?.o);
    url = required(picked).value;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
