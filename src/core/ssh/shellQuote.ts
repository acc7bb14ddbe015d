/** Quotes one word for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
