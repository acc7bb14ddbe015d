import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { probeTator, tatorUrl } from '../../core/kinds/tator/tatorStack';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { required } from '../userCancelled';

/**
 * Tator: opens its site (TatorUrl output, checked) once it answers. The stack's load balancer
 * serves plain HTTP to the allowed range only, so the browser is opened after a warning that the
 * login travels unencrypted.
 */
export async function openTator(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'openTator'), 'Open Tator of which stack?');
  if (!offersAction(stack, 'openTator')) throw new Error(`${stack.stackName} is not a complete Tator stack: there is no Tator site to open yet.`);
  const url = tatorUrl(stack);
  const answer = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking that Tator answers at ${url.origin}…`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return probeTator(url, abort.signal);
    },
  );
  if (!answer.ok) {
    throw new Error(`Tator of ${stack.stackName} does not answer at ${url.href}: ${answer.reason}. Its load balancer admits only the stack's AllowedCidr range (is your address in it?); after a fresh deploy, DNS may take a few minutes.`);
  }
  if (url.protocol === 'http:') {
    const open = 'Open Tator';
    const choice = await vscode.window.showWarningMessage(
      `Tator of ${stack.stackName} is served over plain HTTP (${url.host}).`,
      { modal: true, detail: 'The load balancer admits only the stack\'s AllowedCidr range, but your Tator login and the media you view travel unencrypted. Open it only from a network you trust.' },
      open,
    );
    required(choice === open ? choice : undefined);
  }
  services.output.info(`${stack.stackName}: Tator answered HTTP ${answer.status} at ${url.href}; opening it.`);
  await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
}
