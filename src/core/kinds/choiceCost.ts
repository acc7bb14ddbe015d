import type { KindRecord } from './kindTypes';

const usd = (n: number) => `$${n.toFixed(3)}`;

/**
 * The review's line for a kind whose switches choose what runs: the hourly total for the chosen
 * values and its parts ("≈$0.199/h while running with these choices: Task 1 $0.049 + Client VPN
 * $0.150"). Undefined for kinds without `costFor`.
 */
export function choiceCostText(record: Pick<KindRecord, 'costFor'>, values: Readonly<Record<string, string>>): string | undefined {
  const cost = record.costFor?.(values);
  if (!cost) return undefined;
  return `≈${usd(cost.usdPerHour)}/h while running with these choices: ${cost.items.map((i) => `${i.item} ${usd(i.usdPerHour)}`).join(' + ')} (estimate)`;
}

/**
 * For a pick parameter: each option's total when chosen (the other values as they are), or
 * undefined when the parameter does not change the cost (every option costs the same).
 */
export function optionCosts(record: Pick<KindRecord, 'costFor'>, values: Readonly<Record<string, string>>, parameter: string, options: readonly string[]): Map<string, string> | undefined {
  if (!record.costFor) return undefined;
  const totals = options.map((o) => record.costFor!({ ...values, [parameter]: o }).usdPerHour);
  if (new Set(totals).size < 2) return undefined;
  return new Map(options.map((o, i) => [o, `≈${usd(totals[i]!)}/h in all with this choice`]));
}
