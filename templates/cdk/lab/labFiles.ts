import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files the lab's instances and function use, kept as real files under templates/lab/ and embedded at synth. */
export const LAB_FILES_DIR = join(__dirname, '..', '..', 'lab');

export function labFile(relativePath: string): string {
  return readFileSync(join(LAB_FILES_DIR, relativePath), 'utf8');
}

const ONE_LINE_DOCSTRING = /^\s*"""[^"]*"""$/;

/**
 * The file as embedded in the template, with what only a reader needs dropped (the commented
 * source stays in the repository): blank lines and whole-line '#' comments (a first-line shebang
 * and shellcheck directives stay), in Python one-line docstrings, elsewhere the indentation.
 * Only for shell, Python and systemd files whose heredocs and strings hold no line starting with
 * '#' and, outside Python, no line whose leading blanks matter. It keeps the template under
 * CreateStack's 51,200-byte TemplateBody limit.
 */
export function embeddedLabFile(relativePath: string): string {
  const python = relativePath.endsWith('.py');
  const kept = labFile(relativePath)
    .split('\n')
    .map((line) => (python ? line.trimEnd() : line.trim()))
    .filter((line, i) => {
      const t = line.trim();
      if (t === '' || (python && ONE_LINE_DOCSTRING.test(line))) return false;
      if (!t.startsWith('#')) return true;
      return (i === 0 && t.startsWith('#!')) || t.startsWith('# shellcheck ');
    });
  return `${kept.join('\n')}\n`;
}

/** A shell step writing `content` to `target` with `mode` (quoted heredoc: nothing inside is expanded). */
export function writeFileStep(target: string, mode: string, content: string): string {
  const marker = 'IMAGING_LAB_EOF';
  if (content.includes(marker)) throw new Error(`${target}: content contains the heredoc marker`);
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `cat > '${target}' <<'${marker}'\n${body}${marker}\nchmod ${mode} '${target}'\n`;
}
