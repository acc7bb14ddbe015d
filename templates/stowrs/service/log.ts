export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40 };

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warning(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * One JSON object per line on stdout (CloudWatch Logs metric filters match on `event`, `level` and
 * `status`). Fields are identifiers and counts; never request bodies, headers or key material.
 */
export function jsonLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const emit = (at: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (RANK[at] < RANK[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: at, event, ...fields })}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warning: emit('warning'), error: emit('error') };
}
