import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningVscodeServer } from './server';

/** Keeps what a person needs to see why a run failed: screenshot, browser console, server and extension-host logs. */
export async function keepFailureArtifacts(dir: string, parts: { page?: Page; consoleLines?: readonly string[]; server?: RunningVscodeServer }): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (parts.page) await parts.page.screenshot({ path: join(dir, 'failure.png'), timeout: 10000 }).catch(() => undefined);
  if (parts.consoleLines) writeFileSync(join(dir, 'browser-console.log'), parts.consoleLines.join('\n'));
  if (parts.server) {
    writeFileSync(join(dir, 'server-tail.log'), parts.server.output());
    const logs = join(parts.server.dirs.serverData, 'data', 'logs');
    if (existsSync(logs)) cpSync(logs, join(dir, 'server-logs'), { recursive: true });
  }
}
