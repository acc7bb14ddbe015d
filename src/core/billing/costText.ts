import type { PriceSource } from './priceBook';
import type { CostLine, StackCost } from './stackCost';

export const ESTIMATE_NOTE =
  'Estimate from on-demand list prices of what is running now (USD per hour); excludes data transfer, requests, storage growth, taxes and discounts.';

const SOURCE_LABELS: Readonly<Record<PriceSource | 'none', string>> = {
  'price-list': 'AWS Price List',
  'catalog-offline': 'catalog us-east-1 price, Price List API unreachable',
  'catalog-no-match': 'catalog us-east-1 price, not found in the Price List',
  unknown: 'price unknown, not in the total',
  none: 'not billed now',
};

export function sourceLabel(source: PriceSource | 'none'): string {
  return SOURCE_LABELS[source];
}

/** `$1.42/h`, or `$0.005/h` for figures under ten cents. */
export function formatUsdPerHour(usd: number): string {
  const digits = usd !== 0 && usd < 0.1 ? 3 : 2;
  return `$${usd.toFixed(digits)}/h`;
}

/** What a stack node and the status bar show: `≈ $0.53/h`, with `+?` when some line has no price. */
export function costSummary(costs: readonly Pick<StackCost, 'usdPerHour' | 'unpriced'>[]): string {
  const total = costs.reduce((sum, c) => sum + c.usdPerHour, 0);
  const unpriced = costs.some((c) => c.unpriced > 0);
  return `≈ ${formatUsdPerHour(total)}${unpriced ? ' +?' : ''}`;
}

export function lineText(line: CostLine): string {
  const figure = line.usdPerHour === undefined ? '?' : formatUsdPerHour(line.usdPerHour);
  return `${line.label}: ${figure} (${sourceLabel(line.source)})`;
}

/** The lines of a stack's figure, for a tooltip or a terminal. */
export function stackCostLines(cost: StackCost): string[] {
  return [
    `${cost.stackName} (${cost.region}): ${costSummary([cost])}`,
    ...cost.lines.map((l) => `  ${lineText(l)}`),
    ...(cost.notCounted.length > 0 ? [`  Billed by use, not in the figure: ${cost.notCounted.join(', ')}.`] : []),
    ...(cost.unreachable ? [`  Price List API unreachable (${cost.unreachable}); catalog prices used.`] : []),
  ];
}
