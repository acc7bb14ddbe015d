import { paginateGetProducts } from '@aws-sdk/client-pricing';
import type { AwsClients } from '../aws/clients';
import { HOURS_PER_MONTH } from '../kinds/costs';
import type { PriceQuery } from './priceQueries';

/** The Price List Query API answers from a few endpoints only; us-east-1 serves every region's prices. */
export const PRICE_LIST_REGION = 'us-east-1';

/** A price as read from one PriceList product: USD per unit-hour (per hour, or per GB-hour). */
export interface ListedPrice {
  readonly usdPerUnitHour: number;
  readonly sku: string;
  readonly description: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The first on-demand price dimension with the wanted unit (the first tier where prices are tiered). */
function onDemandPrice(product: Json, unit: string): { usd: number; description: string } | undefined {
  const onDemand = object(object(product.terms)?.OnDemand) ?? {};
  for (const offer of Object.values(onDemand)) {
    const dimensions = Object.values(object(object(offer)?.priceDimensions) ?? {}).map(object);
    const sorted = dimensions.filter((d): d is Json => d !== undefined && text(d.unit) === unit).sort((a, b) => Number(text(a.beginRange) || 0) - Number(text(b.beginRange) || 0));
    const first = sorted[0];
    const usd = Number(text(object(first?.pricePerUnit)?.USD));
    if (first && text(object(first.pricePerUnit)?.USD) !== '' && Number.isFinite(usd) && usd >= 0) return { usd, description: text(first.description) };
  }
  return undefined;
}

/**
 * Reads the price a query asks for out of GetProducts' PriceList: each entry is a JSON string
 * (product, serviceCode, terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit.USD). Entries
 * that do not parse, lack the unit or do not match the wanted usage type are skipped; storage
 * prices per GB-month become per GB-hour.
 */
export function priceFromList(priceList: readonly string[], query: Pick<PriceQuery, 'unit' | 'usagetype'>): ListedPrice | undefined {
  for (const entry of priceList) {
    let product: Json | undefined;
    try {
      product = object(JSON.parse(entry));
    } catch {
      continue;
    }
    const attributes = object(object(product?.product)?.attributes) ?? {};
    if (!product || (query.usagetype && !text(attributes.usagetype).includes(query.usagetype))) continue;
    const price = onDemandPrice(product, query.unit);
    if (!price) continue;
    const perHour = query.unit === 'GB-Mo' ? price.usd / HOURS_PER_MONTH : price.usd;
    return { usdPerUnitHour: perHour, sku: text(object(product.product)?.sku), description: price.description };
  }
  return undefined;
}

/** Asks the Price List API (GetProducts, all pages) for one query; undefined when nothing matches. */
export async function fetchListedPrice(clients: Pick<AwsClients, 'get'>, query: PriceQuery, signal?: AbortSignal): Promise<ListedPrice | undefined> {
  const client = await clients.get('pricing', PRICE_LIST_REGION);
  const entries: string[] = [];
  const input = {
    ServiceCode: query.serviceCode,
    FormatVersion: 'aws_v1',
    Filters: query.filters.map((f) => ({ Type: f.type ?? 'TERM_MATCH', Field: f.field, Value: f.value })),
    MaxResults: 100,
  };
  for await (const page of paginateGetProducts({ client }, input, { abortSignal: signal })) {
    entries.push(...(page.PriceList ?? []));
    const found = priceFromList(entries, query);
    if (found) return found;
  }
  return undefined;
}
