/** More jobs may still arrive (a scan still finding instances): the queue waits for them. */
export interface QueueInput {
  /** True while jobs may still be pushed. */
  readonly open: () => boolean;
  /** Registers the call that wakes idle workers after a push, or when the input closes. */
  readonly onChange: (wake: () => void) => void;
}

/**
 * Runs queued jobs with at most `concurrency` at once; a running job may queue more, and so may an
 * open `input`. Ends when the queue is empty, nothing runs and the input is closed, or as soon as
 * `stopped()` holds.
 */
export async function drainQueue<J>(queue: J[], concurrency: number, run: (job: J) => Promise<void>, stopped: () => boolean, input?: QueueInput): Promise<void> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const wake = () => waiting.splice(0).forEach((resume) => resume());
  input?.onChange(wake);
  const worker = async (): Promise<void> => {
    while (!stopped()) {
      const job = queue.shift();
      if (job === undefined) {
        if (running === 0 && !input?.open()) return;
        await new Promise<void>((resume) => waiting.push(resume));
        continue;
      }
      running++;
      try {
        await run(job);
      } finally {
        running--;
        wake();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
