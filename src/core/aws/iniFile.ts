/** A section of an AWS shared config or credentials file, with where it starts. */
export interface IniSection {
  readonly header: string;
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface IniProblem {
  readonly line: number;
  readonly message: string;
}

export interface IniParseResult {
  readonly sections: readonly IniSection[];
  readonly problems: readonly IniProblem[];
}

const SECTION = /^\[([^\]]*)\]\s*(?:[#;].*)?$/;
const ASSIGNMENT = /^([^=\s][^=]*?)\s*=\s*(.*)$/;

/**
 * Parses the AWS flavour of INI with line numbers, because the SDK's own loader drops bad lines
 * silently and a user needs to know which line to fix. Indented lines continue a nested property
 * (e.g. `s3 =` followed by `  max_concurrent_requests = 10`).
 */
export function parseIni(text: string): IniParseResult {
  const sections: { header: string; line: number; values: Record<string, string> }[] = [];
  const problems: IniProblem[] = [];
  let current: (typeof sections)[number] | undefined;
  let nestedParent: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const section = SECTION.exec(trimmed);
    if (section) {
      const header = (section[1] ?? '').trim();
      if (!header) problems.push({ line, message: 'empty section name "[]"' });
      current = { header, line, values: {} };
      sections.push(current);
      nestedParent = undefined;
      return;
    }
    if (/^\s/.test(raw) && nestedParent !== undefined && current) {
      if (!ASSIGNMENT.test(trimmed)) problems.push({ line, message: `expected "key = value" under "${nestedParent}"` });
      return;
    }
    const assignment = ASSIGNMENT.exec(trimmed);
    if (!assignment) {
      problems.push({ line, message: trimmed.startsWith('[') ? 'section header is missing "]"' : 'expected "key = value" or "[section]"' });
      return;
    }
    if (!current) {
      problems.push({ line, message: 'setting outside of any [section]' });
      return;
    }
    const key = (assignment[1] ?? '').trim();
    const value = (assignment[2] ?? '').trim();
    current.values[key] = value;
    nestedParent = value === '' ? key : undefined;
  });
  return { sections, problems };
}
