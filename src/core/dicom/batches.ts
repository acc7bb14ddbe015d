/**
 * Groups items, as they come, into consecutive batches bounded by total size and count (an
 * oversize item goes alone): `add` hands back a batch once the next item would not fit it.
 */
export class BatchPlanner<T extends { readonly size: number }> {
  private current: T[] = [];
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxCount: number,
  ) {}

  /** Adds an item; returns the batches it closed (none, one, or two when an oversize item closes its own). */
  add(item: T): T[][] {
    const closed: T[][] = [];
    if (this.current.length > 0 && (this.current.length >= this.maxCount || this.bytes + item.size > this.maxBytes)) closed.push(this.take());
    this.current.push(item);
    this.bytes += item.size;
    // A batch no next item can join need not wait for one.
    if (this.current.length >= this.maxCount || this.bytes > this.maxBytes) closed.push(this.take());
    return closed;
  }

  /** The batch being filled, if it holds anything; the planner starts a new one. */
  flush(): T[] | undefined {
    return this.current.length === 0 ? undefined : this.take();
  }

  private take(): T[] {
    const batch = this.current;
    this.current = [];
    this.bytes = 0;
    return batch;
  }
}

/** Splits items into consecutive batches bounded by total size and count (an oversize item goes alone). */
export function planBatches<T extends { readonly size: number }>(items: readonly T[], maxBytes: number, maxCount: number): T[][] {
  const planner = new BatchPlanner<T>(maxBytes, maxCount);
  const batches: T[][] = [];
  for (const item of items) batches.push(...planner.add(item));
  const last = planner.flush();
  if (last) batches.push(last);
  return batches;
}
