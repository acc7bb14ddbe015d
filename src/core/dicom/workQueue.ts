/**
 * Runs queued jobs with at most `concurrency` at once; a running job may queue more. Ends when the
 * queue is empty and nothing runs, or as soon as `stopped()` holds.
 */
export async function drainQueue<J>(queue: J[], concurrency: number, run: (job: J) => Promise<void>, stopped: () => boolean): Promise<void> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const worker = async (): Promise<void> => {
    while (!stopped()) {
      const job = queue.shift();
      if (job === undefined) {
        if (running === 0) return;
        await new Promise<void>((resume) => waiting.push(resume));
        continue;
      }
      running++;
      try {
        await run(job);
      } finally {
        running--;
        waiting.splice(0).forEach((resume) => resume());
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
