/** Terminals need CRLF: every bare `\n` we write becomes `\r\n` (existing `\r\n` stays as is). */
export function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** A dim status line, so our messages stand apart from the remote output. */
export function statusLine(text: string): string {
  return toTerminalText(`\x1b[2m${text}\x1b[0m\n`);
}
