import { matchingProducts, priceListEntry, priceListProducts } from '../fixtures/priceList';
import { FakeAwsError } from './errors';
import { page } from './paging';
import type { FakeAwsState } from './state';

/**
 * AWS Price List Query API (awsJson1_1, target AWSPriceListService): GetProducts answers from the
 * small price list of test/fixtures/priceList.ts, filtered like the API (TERM_MATCH, EQUALS,
 * CONTAINS), paged with NextToken, every product a JSON string.
 */
export const pricingHandlers: Record<string, (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown> = {
  GetProducts(_state, region, input) {
    if (region !== 'us-east-1' && region !== 'eu-central-1' && region !== 'ap-south-1') {
      throw new FakeAwsError('UnknownOperationException', `The Price List Query API has no endpoint in ${region}`, 400);
    }
    const filters = Array.isArray(input.Filters) ? (input.Filters as { Type?: string; Field?: string; Value?: string }[]) : [];
    const regionCode = filters.find((f) => f.Field === 'regionCode')?.Value ?? 'us-east-1';
    const products = matchingProducts(priceListProducts(regionCode), String(input.ServiceCode ?? ''), filters).map(priceListEntry);
    const size = Math.min(Number(input.MaxResults ?? 100) || 100, 100);
    const { items, nextToken } = page(products, typeof input.NextToken === 'string' ? input.NextToken : undefined, size);
    return { FormatVersion: 'aws_v1', PriceList: items, ...(nextToken ? { NextToken: nextToken } : {}) };
  },
};
