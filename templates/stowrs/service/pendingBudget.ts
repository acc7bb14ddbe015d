/**
 * Bytes held by parts whose body has arrived but whose upload is still running (their last S3
 * parts, or a whole small instance). Requests stop reading new parts while the total is over the
 * limit, so a slow S3 turns into TCP backpressure on clients instead of memory growth.
 */
export class PendingBudget {
  private used = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get bytes(): number {
    return this.used;
  }

  hold(bytes: number): () => void {
    this.used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      if (this.used < this.limit) this.waiters.splice(0).forEach((wake) => wake());
    };
  }

  /** Resolves once the held total is under the limit; rejects if `signal` aborts first. */
  async room(signal: AbortSignal): Promise<void> {
    while (this.used >= this.limit) {
      signal.throwIfAborted();
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason as Error);
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }
}
