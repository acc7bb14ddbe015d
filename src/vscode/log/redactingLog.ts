import type { Log } from '../../core/util/log';

/** Shapes of secrets that must never reach the log, whatever line carries them. */
const SECRET_SHAPES: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[^]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, '(private key hidden)'],
  [/\b(Authorization:\s*)(Basic|Bearer)\s+\S+/gi, '$1$2 ****'],
  [/\b(aws_secret_access_key|aws_session_token|SecretAccessKey|SessionToken|SecretString|password|passwd|token)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2****'],
  [/(\/\/[^/:@\s]+:)[^/@\s]+@/g, '$1****@'],
];

/** The text with every secret shape masked. */
export function redact(text: string): string {
  return SECRET_SHAPES.reduce((t, [shape, mask]) => t.replace(shape, mask), text);
}

/**
 * The "Imaging Lab" log channel as the core writes to it: every line passes the redaction first
 * (a second line of defence; callers never log inputs in the first place).
 */
export function redactingLog(channel: Log): Log {
  return {
    trace: (m) => channel.trace(redact(m)),
    debug: (m) => channel.debug(redact(m)),
    info: (m) => channel.info(redact(m)),
    warn: (m) => channel.warn(redact(m)),
    error: (m) => channel.error(redact(m)),
  };
}
