/**
 * Where the core writes what it does, at the levels VS Code's log channels offer (a
 * LogOutputChannel fits as it is; the CLI and tests pass their own). Nothing secret is ever
 * given to it: callers log names, counts, durations and request ids, never inputs.
 */
export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ignore = () => undefined;
export const silentLog: Log = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A URL as it may be logged: no user name or password, no query string or fragment (tokens travel there). */
export function loggableUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
