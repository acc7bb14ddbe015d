/**
 * One place that stops everything the harness started, whatever way the process ends: normal
 * completion, an exception, Ctrl-C or SIGTERM. Async cleanups run on signals and errors; the
 * synchronous ones (killing process groups) also run on a plain `exit`.
 */
type AsyncCleanup = () => Promise<void>;
type SyncCleanup = () => void;

const asyncCleanups = new Set<AsyncCleanup>();
const syncCleanups = new Set<SyncCleanup>();
let installed = false;
let running: Promise<void> | undefined;

export function runCleanups(): Promise<void> {
  running ??= (async () => {
    for (const fn of [...asyncCleanups].reverse()) {
      try {
        await fn();
      } catch (error) {
        process.stderr.write(`cleanup failed: ${(error as Error).message}\n`);
      }
    }
    asyncCleanups.clear();
  })().finally(() => {
    running = undefined;
  });
  return running;
}

function install(): void {
  if (installed) return;
  installed = true;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    process.stderr.write(`\n${signal}: stopping everything the harness started...\n`);
    void runCleanups().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
  process.on('exit', () => {
    for (const fn of syncCleanups) {
      try {
        fn();
      } catch {
        // the process is ending; nothing more to do
      }
    }
  });
}

/** Registers a cleanup; returns a function that unregisters it (call after a normal stop). */
export function onCleanup(asyncFn: AsyncCleanup, syncFn?: SyncCleanup): () => void {
  install();
  asyncCleanups.add(asyncFn);
  if (syncFn) syncCleanups.add(syncFn);
  return () => {
    asyncCleanups.delete(asyncFn);
    if (syncFn) syncCleanups.delete(syncFn);
  };
}
