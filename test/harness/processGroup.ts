import type { ChildProcess } from 'node:child_process';

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

/** True while any process of the group still exists. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a child started with `detached: true` (its own process group) and everything it forked:
 * SIGTERM, then SIGKILL after `graceMs`. Resolves once the whole group is gone (bounded).
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  const hardDeadline = Date.now() + 3000;
  while (groupAlive(pid) && Date.now() < hardDeadline) await new Promise((r) => setTimeout(r, 50));
}

/** Synchronous last resort for `process.on('exit')`. */
export function killProcessGroupNow(child: ChildProcess): void {
  if (child.pid !== undefined && groupAlive(child.pid)) signalGroup(child.pid, 'SIGKILL');
}
