import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One installer per cache dir: two test runs starting at once would otherwise delete each other's
 * files. Waits (bounded) while a live process holds the lock; takes over a stale one.
 */
export async function withInstallLock(lockPath, work, { log = console.log, timeoutMs = 15 * 60 * 1000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another install (pid ${holder}) still holds ${lockPath} after ${timeoutMs / 60000} min`, { cause: error });
      if (!announced) log(`[vscode-server] waiting for the install running in pid ${holder}...`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const release = () => rmSync(lockPath, { force: true });
  process.once('exit', release);
  try {
    return await work();
  } finally {
    release();
    process.removeListener('exit', release);
  }
}
