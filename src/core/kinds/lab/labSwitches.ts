import type { CostEstimate } from '../kindTypes';
import { labCost, LAB_COST_PARTS } from './labCosts';
import { LAB_PARAMETER } from './labNames';

/** The lab's costly parts that an update switches (handout T2.11 "delete the NAT gateway"; the VPN's warning). */
export interface LabSwitch {
  readonly parameter: typeof LAB_PARAMETER.enableNatGateway | typeof LAB_PARAMETER.enableClientVpn;
  readonly label: string;
  readonly usdPerHour: number;
  /** Why it may be switched off. */
  readonly hint: string;
}

const hourly = (items: readonly { usdPerHour: number }[]) => Math.round(items.reduce((s, i) => s + i.usdPerHour, 0) * 10_000) / 10_000;

export const LAB_SWITCHES: readonly LabSwitch[] = [
  { parameter: LAB_PARAMETER.enableNatGateway, label: 'NAT gateway', usdPerHour: hourly(LAB_COST_PARTS.nat), hint: 'only needed while FileGator installs or updates software' },
  { parameter: LAB_PARAMETER.enableClientVpn, label: 'Client VPN', usdPerHour: hourly(LAB_COST_PARTS.clientVpn), hint: 'only needed to reach FileGator from a VPN client; Open Tunnel reaches it over SSH' },
];

/** The stack's new values: every current value, with each switch on when it is in `on`. */
export function switchedValues(current: Readonly<Record<string, string>>, on: ReadonlySet<string>): Record<string, string> {
  const values = { ...current };
  for (const s of LAB_SWITCHES) values[s.parameter] = on.has(s.parameter) ? 'true' : 'false';
  return values;
}

/** Which switches are on now, and what the stack costs before and after. */
export function switchSummary(current: Readonly<Record<string, string>>, on: ReadonlySet<string>): { before: CostEstimate; after: CostEstimate; changed: string[] } {
  const after = switchedValues(current, on);
  return {
    before: labCost(current),
    after: labCost(after),
    changed: LAB_SWITCHES.filter((s) => (current[s.parameter] === 'true') !== on.has(s.parameter)).map((s) => `${s.label} ${on.has(s.parameter) ? 'on' : 'off'}`),
  };
}
