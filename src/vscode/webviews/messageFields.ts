/**
 * Field checks for messages a webview page posts to the host. A page renders untrusted text, so
 * its messages are untrusted input too: each protocol's guard accepts only the fields it declares.
 */

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message has exactly these own keys, nothing missing and nothing extra. */
export function hasExactly(message: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(message);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

/** A non-empty string of at most `max` characters. */
export function isBoundedText(value: unknown, max = 4096): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}
