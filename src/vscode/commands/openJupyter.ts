import * as vscode from 'vscode';
import { offersAction } from '../../core/kinds/kindActions';
import { fetchJupyterToken, jupyterPort, jupyterUrl } from '../../core/kinds/lab/jupyterAccess';
import { resolveStack } from '../pickers/pickStack';
import type { Services } from '../services';
import { resolveSshTarget, withSshProgress } from '../ssh/sshTarget';
import { openRegisteredTunnel } from '../ssh/registeredTunnel';
import { withHostKeyPrompt } from '../ssh/withHostKeyPrompt';
import { jupyterInstanceNode } from './labInstance';

/**
 * Research lab: tunnels to Jupyter over SSH (8888 stays closed to the internet), reads the token
 * from the stack's own secret, and opens the browser on the tokened URL (handout T1.7 without
 * starting Jupyter by hand or copying the token out of a terminal).
 */
export async function openJupyter(services: Services, node?: unknown): Promise<void> {
  const stack = await resolveStack(services, node, (s) => offersAction(s, 'openJupyter'), 'Open Jupyter of which research lab?');
  const remotePort = jupyterPort(stack);
  const target = await resolveSshTarget(services, await jupyterInstanceNode(services, stack), 'Jupyter instance');
  const { clients } = services.session.session;
  const { tunnel, token } = await withHostKeyPrompt((acceptOnce) =>
    withSshProgress(`Opening Jupyter of ${stack.stackName}`, async (progress, signal) => {
      progress('reading the Jupyter token…');
      const token = await fetchJupyterToken(clients, stack, signal);
      const tunnel = await openRegisteredTunnel(services, target, remotePort, `${target.plan.alias}:${remotePort} (Jupyter)`, progress, signal, acceptOnce);
      return { token, tunnel };
    }),
  );
  // The token is a credential: the tunnel list and the log show the plain address, only the browser gets the token.
  services.output.info(`Tunnel ${tunnel.id}: ${tunnel.url} -> ${target.plan.alias} 127.0.0.1:${remotePort} (Jupyter)`);
  await vscode.env.openExternal(vscode.Uri.parse(jupyterUrl(tunnel.boundPort, token), true));
}
