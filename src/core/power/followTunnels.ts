import { isPortInUse, type Tunnel, type TunnelRegistry } from '../ssh/tunnels';

/** How a tunnel is named to people: its local address and where it leads. */
export function tunnelName(tunnel: Pick<Tunnel, 'url' | 'label' | 'remoteHost' | 'remotePort'>): string {
  return `${tunnel.url} → ${tunnel.label ?? `${tunnel.remoteHost}:${tunnel.remotePort}`}`;
}

/** The line of a stop confirmation naming the open tunnels to the instances it stops (undefined: none). */
export function closingTunnelsLine(tunnels: readonly Tunnel[]): string | undefined {
  if (tunnels.length === 0) return undefined;
  const which = tunnels.map(tunnelName).join(', ');
  return `the SSH tunnel${tunnels.length > 1 ? 's' : ''} ${which}: closed now, reopened on the same local port${tunnels.length > 1 ? 's' : ''} when you start the instance from Imaging Lab`;
}

/**
 * After a stop: the tunnels to the stopped instances are closed (their SSH connections die with
 * the instance anyway) but kept listed, so a start brings them back. Tunnels that cannot be
 * reopened by themselves are closed and forgotten.
 */
export async function suspendTunnels(registry: TunnelRegistry, instanceIds: readonly string[]): Promise<Tunnel[]> {
  const suspended: Tunnel[] = [];
  for (const tunnel of registry.to(instanceIds)) if (await registry.suspend(tunnel.id)) suspended.push(tunnel);
  return suspended;
}

export interface TunnelProblem {
  readonly tunnel: Tunnel;
  /** What happened and what to do. */
  readonly message: string;
}

export interface TunnelFollowReport {
  readonly reopened: readonly Tunnel[];
  readonly problems: readonly TunnelProblem[];
}

function problemOf(tunnel: Tunnel, error: unknown): string {
  const name = tunnelName(tunnel);
  if (isPortInUse(error)) {
    return `The tunnel ${name} could not come back: another program now listens on local port ${tunnel.boundPort}. Stop that program and open the tunnel again from the stack, or open it again now and it takes a free port.`;
  }
  return `The tunnel ${name} could not be reopened (${(error as Error).message}). Open it again from the stack once the instance answers SSH.`;
}

/**
 * After a start: every tunnel that led to a started instance (suspended by a stop, or dropped when
 * the instance stopped by itself) is opened again on the same local port, through a new SSH
 * connection to the instance's address now. For instances that were already running (started
 * elsewhere: the CLI, the console), only the tunnels that are closed come back; working ones are
 * left alone. A port another program took meanwhile is not swapped for another one silently: the
 * tunnel is reported with what to do.
 */
export async function reopenTunnels(registry: TunnelRegistry, startedIds: readonly string[], runningIds: readonly string[] = []): Promise<TunnelFollowReport> {
  const reopened: Tunnel[] = [];
  const problems: TunnelProblem[] = [];
  const closed = registry.to(runningIds).filter((t) => registry.isSuspended(t.id) || !t.isOpen());
  for (const tunnel of [...registry.to(startedIds), ...closed]) {
    try {
      reopened.push(await registry.reopen(tunnel.id));
    } catch (error) {
      problems.push({ tunnel, message: problemOf(tunnel, error) });
    }
  }
  return { reopened, problems };
}

/** One sentence for the summary of a start (empty when no tunnel was involved). */
export function reopenedText(report: TunnelFollowReport): string {
  if (report.reopened.length === 0) return '';
  const which = report.reopened.map((t) => `${tunnelName(t)} (via ${t.origin?.host ?? 'SSH'})`).join(', ');
  return ` Tunnel${report.reopened.length > 1 ? 's' : ''} reopened on the same local port${report.reopened.length > 1 ? 's' : ''}: ${which}.`;
}
