import type { SshConnection } from '../../ssh/sshConnect';
import { forwardLocal, type Tunnel } from '../../ssh/tunnels';
import type { StackInfo } from '../../stacks/stackInfo';
import { mdeSendPlan, type MdeSendChoice, type MdeSendPlan } from './sendPlan';

/** A DICOMweb URL the sender can post to now, and how to release what was opened for it. */
export interface MdeSendTarget {
  readonly plan: MdeSendPlan;
  /** STOW-RS URL (ends in /studies), for DicomWebEndpoint.url. */
  readonly url: string;
  /** The tunnel carrying the requests, when the route is the default one. */
  readonly tunnel?: Tunnel;
  close(): Promise<void>;
}

export function outputsOf(stack: Pick<StackInfo, 'outputs'>): Record<string, string> {
  return Object.fromEntries(stack.outputs.map((o) => [o.key, o.value]));
}

/**
 * Makes an MDE stack sendable. For kind `mde` the generic "DicomWebUrl output" target must not be
 * used: MIG's port is closed and unencrypted. `connect` is only called for the tunnel route (the
 * VS Code layer passes `connectBuiltIn` over the stack's SSH plan).
 */
export async function openMdeSendTarget(
  stack: Pick<StackInfo, 'outputs'>,
  choice: MdeSendChoice,
  connect: () => Promise<SshConnection>,
): Promise<MdeSendTarget> {
  const plan = mdeSendPlan(outputsOf(stack), choice);
  if (plan.route === 'openPort') return { plan, url: plan.url, close: async () => undefined };
  const connection = await connect();
  try {
    const tunnel = await forwardLocal(connection, {
      remoteHost: plan.remoteHost,
      remotePort: plan.remotePort,
      localPort: plan.localPort,
      label: 'MONAI Informatics Gateway (DICOMweb)',
    });
    return {
      plan,
      url: plan.urlFor(tunnel.boundPort),
      tunnel,
      close: async () => {
        await tunnel.close();
        connection.close();
      },
    };
  } catch (error) {
    connection.close();
    throw error;
  }
}
