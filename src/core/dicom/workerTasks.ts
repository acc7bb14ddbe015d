import { parentPort } from 'node:worker_threads';

/** Main thread to worker: one task. */
export interface TaskMessage<I> {
  readonly id: number;
  readonly input: I;
}

/** Worker to main thread: ready once loaded, then one answer per task. */
export type WorkerMessage<R> = { readonly ready: true } | { readonly id: number; readonly result: R } | { readonly id: number; readonly error: string };

/** The worker side of `runBudgeted`: answers each task with `handle`, several at a time. */
export function serveTasks<I, R>(handle: (input: I) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs inside a worker thread');
  port.on('message', (message: TaskMessage<I>) => {
    handle(message.input).then(
      (result) => port.postMessage({ id: message.id, result } satisfies WorkerMessage<R>),
      (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage<R>),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerMessage<R>);
}
