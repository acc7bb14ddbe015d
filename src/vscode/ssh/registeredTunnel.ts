import { connectBuiltIn } from '../../core/ssh/sshAccess';
import { forwardLocal, type Tunnel } from '../../core/ssh/tunnels';
import { setTunnelContext } from '../paletteContext';
import type { Services } from '../services';
import { resolveSshTarget, type SshTarget } from './sshTarget';

interface ForwardRequest {
  /** Where the instance forwards to: its own 127.0.0.1, or a private address it reaches (the lab's FileGator). */
  readonly remoteHost: string;
  readonly remotePort: number;
  readonly label: string;
  /** The local port wanted; `fallback` allows any free one when it is taken. */
  readonly localPort: number;
  readonly fallback: boolean;
}

/** One SSH connection to the target's instance carrying 127.0.0.1:localPort to remoteHost:remotePort as the instance sees it. */
async function forwardTo(
  target: SshTarget,
  request: ForwardRequest,
  progress?: (m: string) => void,
  signal?: AbortSignal,
  acceptOnce: Readonly<Record<string, string>> = {},
): Promise<Tunnel> {
  const connection = await connectBuiltIn(target.deps(progress, signal), target.plan, acceptOnce);
  const origin = { stackId: target.stack.stackId, instanceId: target.plan.instance.instanceId, host: target.plan.hostName };
  const spec = { remoteHost: request.remoteHost, remotePort: request.remotePort, localPort: request.localPort, label: request.label, origin };
  try {
    const opened = await forwardLocal(connection, spec).catch((error: unknown) => {
      if (!request.fallback) throw error;
      return forwardLocal(connection, { ...spec, localPort: 0 });
    });
    return { ...opened, close: async () => (await opened.close(), connection.close()) };
  } catch (error) {
    connection.close();
    throw error;
  }
}

/**
 * Opens a tunnel on the remote port's own number (a free one when that is taken) and lists it in
 * the window's registry with how to open it again: after the instance stops and starts, the
 * reopening plans SSH afresh (the instance's new address) and asks for the same local port.
 */
export async function openRegisteredTunnel(
  services: Services,
  target: SshTarget,
  remotePort: number,
  label: string,
  progress: (m: string) => void,
  signal: AbortSignal,
  acceptOnce: Readonly<Record<string, string>>,
  remoteHost = '127.0.0.1',
): Promise<Tunnel> {
  const tunnel = await forwardTo(target, { remoteHost, remotePort, label, localPort: remotePort, fallback: true }, progress, signal, acceptOnce);
  const node = { stack: target.stack, instance: { instanceId: target.plan.instance.instanceId } };
  const reopen = async (localPort: number) => forwardTo(await resolveSshTarget(services, node, label), { remoteHost, remotePort, label, localPort, fallback: false });
  services.tunnels().add(tunnel, reopen);
  setTunnelContext(services.tunnels().list().length);
  return tunnel;
}
