/** Splits items into consecutive batches bounded by total size and count (an oversize item goes alone). */
export function planBatches<T extends { readonly size: number }>(items: readonly T[], maxBytes: number, maxCount: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= maxCount || bytes + item.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
