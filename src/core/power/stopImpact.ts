import type { Tunnel } from '../ssh/tunnels';
import { closingTunnelsLine } from './followTunnels';
import type { PowerInstance } from './powerTypes';

/** What stopping the instances keeps and loses, for the confirmation and the CLI. */
export interface StopImpact {
  readonly keeps: readonly string[];
  readonly loses: readonly string[];
  /** Instance-store data would be lost: ask before stopping, even from scripts. */
  readonly losesData: boolean;
}

function names(instances: readonly PowerInstance[]): string {
  return instances.map((i) => i.label).join(', ');
}

/**
 * Facts from the EC2 user guide ("Stop and start Amazon EC2 instances"): EBS volumes, private
 * addresses and Elastic IPs stay; instance-store data, RAM and an auto-assigned public IPv4
 * address do not (a new public address comes with the next start). `tunnels` are the SSH tunnels
 * open in this window to these instances: they are named.
 */
export function stopImpact(instances: readonly PowerInstance[], tunnels: readonly Tunnel[] = []): StopImpact {
  const volumes = instances.reduce((n, i) => n + i.ebsVolumeIds.length, 0);
  const elastic = instances.filter((i) => i.elasticIp);
  const ephemeral = instances.filter((i) => i.publicIp !== undefined && !i.elasticIp);
  const stores = instances.filter((i) => (i.instanceStoreGb ?? 0) > 0);
  const keeps = [
    volumes > 0 ? `EBS volumes (${volumes}) with everything on them, still billed for storage while stopped` : undefined,
    elastic.length > 0 ? `the Elastic IP of ${names(elastic)} (billed while the instance is stopped too)` : undefined,
    'private IP addresses, the instance ids, and the SSH keys and host-key pins',
  ].filter((s): s is string => s !== undefined);
  const loses = [
    ...stores.map((i) => `the instance-store volume of ${i.label} (${i.instanceStoreGb} GB of ${i.instanceType}): its data is erased`),
    ephemeral.length > 0 ? `the public IP address of ${names(ephemeral)} (${ephemeral.map((i) => i.publicIp).join(', ')}): a new one comes with the next start; Imaging Lab updates its SSH config then` : undefined,
    closingTunnelsLine(tunnels),
    'whatever runs in memory: running jobs, unsaved notebooks, open SSH sessions and tunnels',
  ].filter((s): s is string => s !== undefined);
  return { keeps, loses, losesData: stores.length > 0 };
}

/** One paragraph for a modal dialog or a terminal. */
export function stopImpactText(impact: StopImpact): string {
  return [`Stopping keeps: ${impact.keeps.join('; ')}.`, `Stopping loses: ${impact.loses.join('; ')}.`].join('\n');
}
