import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { TaskMessage, WorkerMessage } from './workerTasks';

/** How to start the worker: a script file, or code with `eval: true`. */
export interface WorkerScript {
  readonly filename: string;
  readonly options?: WorkerOptions;
}

export type BudgetBreach = 'time' | 'memory' | 'crash';

export interface BudgetOptions<I, R> {
  readonly script: WorkerScript;
  /** Tasks in flight in the worker at once (they are I/O bound). */
  readonly concurrency: number;
  /** Wall time one task may take once the worker is running. */
  readonly msPerTask: number;
  /** V8 heap the worker may use (`resourceLimits.maxOldGenerationSizeMb`). */
  readonly heapMb: number;
  readonly signal?: AbortSignal;
  readonly onResult?: (done: number, total: number) => void;
  /** Each task's result as soon as it is known (in completion order, not input order). */
  readonly onSettle?: (index: number, result: R) => void;
  /** The answer for a task that broke the budget on its own. */
  readonly breached: (input: I, breach: BudgetBreach, detail: string) => R;
}

interface Running {
  readonly index: number;
  readonly started: number;
  /** Another task ran in the worker at the same time, so a breach cannot be blamed on this one. */
  shared: boolean;
  /** Rerun alone after a breach; nothing else starts until it ends. */
  readonly isolated: boolean;
}

/**
 * Runs tasks in one worker thread under a time and memory budget. A watchdog terminates the worker
 * when a task overruns; a task that exhausts the heap kills the worker. Either way the tasks that
 * were in flight are run again one at a time in a fresh worker, so only the task that breaks the
 * budget on its own is blamed, and every other task still gets its answer.
 */
export function runBudgeted<I, R>(tasks: readonly I[] | Promise<readonly I[]>, options: BudgetOptions<I, R>): Promise<R[]> {
  if (Array.isArray(tasks) && tasks.length === 0) return Promise.resolve([]);
  // Tasks still being listed: the worker starts meanwhile (loading it takes as long as a listing).
  let inputs: readonly I[] = [];
  let listed = false;
  let results: R[] = [];
  const pending: number[] = [];
  const suspects: number[] = [];
  const running = new Map<number, Running>();
  let done = 0;
  let worker: Worker | undefined;
  let ready = false;

  return new Promise<R[]>((resolve, reject) => {
    let finished = false;
    const finish = (error?: unknown) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      const stopping = worker;
      worker = undefined;
      void stopping?.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const settle = (index: number, result: R) => {
      results[index] = result;
      options.onSettle?.(index, result);
      options.onResult?.(++done, inputs.length);
    };

    const start = () => {
      ready = false;
      const w = new Worker(options.script.filename, { ...options.script.options, resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: Math.min(16, options.heapMb) } });
      worker = w;
      w.on('message', (message: WorkerMessage<R>) => {
        if (w !== worker) return;
        if ('ready' in message) {
          ready = true;
        } else {
          const task = running.get(message.id);
          if (!task) return;
          running.delete(message.id);
          settle(task.index, 'error' in message ? options.breached(inputs[task.index] as I, 'crash', message.error) : message.result);
        }
        pump();
      });
      w.on('error', (error: Error & { code?: string }) => {
        if (w !== worker) return;
        const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
        lose(memory ? 'memory' : 'crash', memory ? `more than ${options.heapMb} MB of memory` : error.message);
      });
      w.on('exit', (code) => {
        if (w === worker && !finished) lose('crash', `the checking thread stopped (exit code ${code})`);
      });
    };

    /** The worker is gone: blame a task that ran alone, rerun the others one by one. */
    const lose = (breach: BudgetBreach, detail: string) => {
      const lost = [...running.values()];
      running.clear();
      const dead = worker;
      worker = undefined;
      void dead?.terminate();
      if (lost.length === 1 && lost[0] && !lost[0].shared) {
        const index = lost[0].index;
        settle(index, options.breached(inputs[index] as I, breach, detail));
      } else {
        suspects.push(...lost.map((t) => t.index).sort((a, b) => a - b));
      }
      pump();
    };

    const pump = () => {
      if (finished) return;
      if (!listed) {
        if (!worker) start();
        return;
      }
      if (pending.length === 0 && suspects.length === 0 && running.size === 0) {
        finish();
        return;
      }
      if (!worker) start();
      if (!ready || [...running.values()].some((t) => t.isolated)) return;
      const suspect = suspects.shift();
      if (suspect !== undefined) {
        if (running.size === 0) dispatch(suspect, true);
        else suspects.unshift(suspect);
        return;
      }
      while (running.size < options.concurrency && pending.length > 0) dispatch(pending.shift() as number, false);
    };

    const dispatch = (index: number, isolated: boolean) => {
      for (const other of running.values()) other.shared = true;
      running.set(index, { index, started: performance.now(), shared: running.size > 0, isolated });
      worker?.postMessage({ id: index, input: inputs[index] as I } satisfies TaskMessage<I>);
    };

    const watchdog = setInterval(() => {
      const now = performance.now();
      const late = [...running.values()].find((t) => now - t.started > options.msPerTask);
      if (late) lose('time', `more than ${(options.msPerTask / 1000).toFixed(1)} s`);
    }, Math.max(10, Math.min(250, options.msPerTask / 4)));

    const onAbort = () => finish(options.signal?.reason ?? new Error('aborted'));
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(tasks).then((list) => {
      inputs = list;
      results = new Array<R>(list.length);
      pending.push(...list.map((_, index) => index));
      listed = true;
      pump();
    }, finish);
    pump();
  });
}
