import type { AwsClients } from '../aws/clients';
import { discoverBillables } from './discoverBillables';
import type { PriceBook, PriceSource } from './priceBook';
import { chargesOf } from './priceQueries';

/** One line of what a stack costs now. */
export interface CostLine {
  readonly label: string;
  /** Absent when no price is known (the total leaves it out and says so). */
  readonly usdPerHour?: number;
  /** `none`: nothing is billed for it now (a stopped instance's compute). */
  readonly source: PriceSource | 'none';
}

/** What one stack costs per hour now: an ESTIMATE from on-demand list prices. */
export interface StackCost {
  readonly stackId: string;
  readonly stackName: string;
  readonly region: string;
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines. */
  readonly usdPerHour: number;
  /** Lines without a price, left out of the sum. */
  readonly unpriced: number;
  readonly notCounted: readonly string[];
  /** Set when the Price List API could not be reached and catalog prices were used. */
  readonly unreachable?: string;
}

export interface StackRef {
  readonly stackId: string;
  readonly stackName: string;
  readonly region: string;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** Reads what the stack has running now and prices every line (see PriceBook for where prices come from). */
export async function stackCost(clients: Pick<AwsClients, 'cloudFormation' | 'ec2' | 'get'>, book: PriceBook, stack: StackRef, signal?: AbortSignal): Promise<StackCost> {
  const discovery = await discoverBillables(clients, stack.region, stack.stackId, signal);
  const lines: CostLine[] = [];
  for (const charge of discovery.billables.flatMap((b) => chargesOf(stack.region, b))) {
    if (!charge.query || charge.quantity === 0) {
      lines.push({ label: charge.label, usdPerHour: 0, source: 'none' });
      continue;
    }
    const price = await book.price(stack.region, charge.query);
    lines.push({ label: charge.label, source: price.source, ...(price.usdPerUnitHour !== undefined ? { usdPerHour: round(price.usdPerUnitHour * charge.quantity) } : {}) });
  }
  return {
    ...stack,
    lines,
    usdPerHour: round(lines.reduce((sum, l) => sum + (l.usdPerHour ?? 0), 0)),
    unpriced: lines.filter((l) => l.usdPerHour === undefined).length,
    notCounted: discovery.notCounted,
    ...(book.unreachable ? { unreachable: book.unreachable } : {}),
  };
}
