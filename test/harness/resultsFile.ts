import { existsSync, readFileSync } from 'node:fs';
import type { ResultEvent } from '../integration/index';

export interface SuiteOutcome {
  readonly passes: number;
  readonly failures: { title: string; message: string }[];
  readonly finished: boolean;
  readonly reason?: string;
}

/**
 * Follows the JSON Lines file the in-host tests write, printing each result as it comes, until the
 * `end` event, the whole-run deadline, or `abort()` says the run is broken (e.g. the server died).
 */
export async function followResults(
  file: string,
  options: { timeoutMs: number; print: (line: string) => void; abort?: () => string | undefined },
): Promise<SuiteOutcome> {
  const deadline = Date.now() + options.timeoutMs;
  let seen = 0;
  let passes = 0;
  const failures: { title: string; message: string }[] = [];
  for (;;) {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    for (const line of lines.slice(seen)) {
      const event = JSON.parse(line) as ResultEvent;
      if (event.type === 'start') options.print(`running ${event.total} test(s) in the extension host`);
      if (event.type === 'pass') {
        passes++;
        options.print(`  ✔ ${event.title} (${event.durationMs} ms)`);
      }
      if (event.type === 'fail') {
        failures.push({ title: event.title, message: event.message });
        options.print(`  ✘ ${event.title}\n      ${event.message.split('\n').join('\n      ')}`);
      }
      if (event.type === 'end') return { passes, failures, finished: true };
    }
    seen = lines.length;
    const aborted = options.abort?.();
    if (aborted) return { passes, failures, finished: false, reason: aborted };
    if (Date.now() > deadline) return { passes, failures, finished: false, reason: `the suite did not finish within ${options.timeoutMs / 1000} s` };
    await new Promise((r) => setTimeout(r, 300));
  }
}
