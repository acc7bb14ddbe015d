import type { AwsClients } from '../aws/clients';
import { friendlyAwsError } from '../aws/errors';
import type { PriceCache } from './priceCache';
import { fetchListedPrice, PRICE_LIST_REGION } from './priceList';
import type { PriceQuery } from './priceQueries';

/** Where a figure comes from; every figure shown carries it. */
export type PriceSource = 'price-list' | 'catalog-offline' | 'catalog-no-match' | 'unknown';

export interface ResolvedPrice {
  readonly usdPerUnitHour?: number;
  readonly source: PriceSource;
}

export interface PriceBookDeps {
  readonly clients: Pick<AwsClients, 'get'>;
  readonly cache: PriceCache;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

/**
 * Prices for one computation: the day-old cache first, then the AWS Price List API; the kinds'
 * us-east-1 catalog only when the API cannot be reached (or has no such product), labelled so.
 * After the first failed call the API is not asked again in this computation.
 */
export class PriceBook {
  /** Why the Price List API could not be used (set after the first failure). */
  unreachable: string | undefined;

  constructor(private readonly deps: PriceBookDeps) {}

  private fallback(query: PriceQuery, source: 'catalog-offline' | 'catalog-no-match'): ResolvedPrice {
    return query.catalog !== undefined ? { usdPerUnitHour: query.catalog, source } : { source: 'unknown' };
  }

  async price(region: string, query: PriceQuery): Promise<ResolvedPrice> {
    const cached = await this.deps.cache.get(region, query.key);
    if (cached) return 'missing' in cached ? this.fallback(query, 'catalog-no-match') : { usdPerUnitHour: cached.usdPerUnitHour, source: 'price-list' };
    if (this.unreachable) return this.fallback(query, 'catalog-offline');
    const now = (this.deps.now ?? Date.now)();
    try {
      const listed = await fetchListedPrice(this.deps.clients, query, this.deps.signal);
      await this.deps.cache.set(region, query.key, listed ? { at: now, usdPerUnitHour: listed.usdPerUnitHour, sku: listed.sku } : { at: now, missing: true });
      return listed ? { usdPerUnitHour: listed.usdPerUnitHour, source: 'price-list' } : this.fallback(query, 'catalog-no-match');
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      this.unreachable = friendlyAwsError(error, { region: PRICE_LIST_REGION, action: 'pricing:GetProducts' }).message;
      return this.fallback(query, 'catalog-offline');
    }
  }
}
