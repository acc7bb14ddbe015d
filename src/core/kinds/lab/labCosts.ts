import { estimate, line } from '../costs';
import type { CostEstimate, CostItem } from '../kindTypes';
import { LAB_PARAMETER } from './labNames';

/** The lab's running cost by switch: Task 1 always, the rest while its parameter is 'true'. */
export const LAB_COST_PARTS = {
  task1: [
    line('Task 1: EC2 t3.medium (Jupyter)', 'ec2:t3.medium'),
    line('Task 1: public IPv4 (Jupyter Elastic IP)', 'publicIpv4'),
    line('Task 1: KMS key (buckets, secrets, logs)', 'kmsKey'),
    line('Task 1: Secrets Manager (Jupyter token)', 'secretsManagerSecret'),
  ],
  fileGator: [line('FileGator: EC2 t3.small', 'ec2:t3.small'), line('FileGator: EBS gp3 8 GB', 'gp3GbHour', 8), line('FileGator: Secrets Manager (admin password)', 'secretsManagerSecret')],
  nat: [line('NAT gateway (while FileGator installs)', 'natGateway'), line('NAT gateway public IPv4', 'publicIpv4')],
  clientVpn: [line('Client VPN subnet association', 'clientVpnAssociation'), line('Client VPN connection (1 connected user)', 'clientVpnConnection')],
} as const satisfies Record<string, readonly CostItem[]>;

/** The estimate for a stack's switch values (parameter name -> 'true' | 'false'). */
export function labCost(values: Readonly<Record<string, string | undefined>>): CostEstimate {
  const on = (p: string) => values[p] === 'true';
  const fileGator = on(LAB_PARAMETER.enableFileGator);
  return estimate([
    ...LAB_COST_PARTS.task1,
    ...(fileGator ? LAB_COST_PARTS.fileGator : []),
    // The template builds the NAT gateway only with FileGator.
    ...(fileGator && on(LAB_PARAMETER.enableNatGateway) ? LAB_COST_PARTS.nat : []),
    ...(on(LAB_PARAMETER.enableClientVpn) ? LAB_COST_PARTS.clientVpn : []),
  ]);
}

const PART_LABELS = { task1: 'Task 1', fileGator: 'FileGator', nat: 'NAT gateway', clientVpn: 'Client VPN' } as const satisfies Record<keyof typeof LAB_COST_PARTS, string>;

/** The estimate for chosen switch values, one item per part that is on (Task 1 always), each the sum of its cost lines. */
export function labCostByPart(values: Readonly<Record<string, string | undefined>>): CostEstimate {
  const parts = labCost(values).items;
  const items = (Object.keys(PART_LABELS) as (keyof typeof PART_LABELS)[])
    .filter((part) => LAB_COST_PARTS[part].every((l) => parts.includes(l)))
    .map((part) => ({ item: PART_LABELS[part], usdPerHour: Math.round(LAB_COST_PARTS[part].reduce((s, l) => s + l.usdPerHour, 0) * 10_000) / 10_000 }));
  return estimate(items);
}

/** The costly optional parts a lab runs by its switch values: the NAT gateway (only built with FileGator), the Client VPN. */
export function labCostlyParts(values: Readonly<Record<string, string | undefined>>): string[] {
  return [
    ...(values[LAB_PARAMETER.enableFileGator] === 'true' && values[LAB_PARAMETER.enableNatGateway] === 'true' ? ['NAT gateway'] : []),
    ...(values[LAB_PARAMETER.enableClientVpn] === 'true' ? ['Client VPN'] : []),
  ];
}

/** One line for a lab stack's tree tooltip: its estimate, and a warning while the NAT gateway or the Client VPN run. */
export function labCostLine(values: Readonly<Record<string, string | undefined>>): string {
  const cost = labCost(values);
  const running = labCostlyParts(values);
  const warning = running.length > 0 ? ` ⚠ ${running.join(' and ')} on: switch off with "Switch Lab NAT Gateway / Client VPN…" when not needed.` : '';
  return `≈$${cost.usdPerHour.toFixed(3)}/h (estimate).${warning}`;
}
