/**
 * Text from AWS, templates, DICOM files and servers is shown as text, never obeyed: no terminal
 * escape sequence may move the cursor or rewrite the screen, and no markdown link may appear in a
 * notification.
 */

// C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode
// bidirectional controls that make text display in another order than it reads.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** For a terminal: every control character removed except tab and newline (so no ESC, no CR). */
export function terminalText(text: string): string {
  return text.replace(CONTROL, '');
}

/**
 * For a notification, a modal or a tooltip string: control characters removed and the markdown
 * link syntax broken (`[label](command:…)` would render as a clickable link in a notification).
 */
export function notificationText(text: string): string {
  return terminalText(text).replace(/\]\(/g, '] (');
}

/**
 * JSON for a terminal: the same data, with every character `terminalText` would remove written as a
 * `\uXXXX` escape (JSON.stringify leaves C1 and bidi controls raw), so a script parsing the
 * output gets the values unchanged and the terminal gets no control character.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
