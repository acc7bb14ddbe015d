/** What a `when` clause requires of `viewItem`: equality values and regular expressions. */
export interface ViewItemConstraint {
  readonly clause: string;
  readonly test: (contextValue: string) => boolean;
  readonly text: string;
}

const EQUALS = /viewItem\s*==\s*(?:'([^']*)'|"([^"]*)"|([^\s&|)]+))/g;
const MATCHES = /viewItem\s*=~\s*\/((?:\\\/|[^/])+)\/([a-z]*)/g;

/**
 * The `viewItem` conditions of a menu `when` clause. Each must be satisfiable by some node the
 * tree really produces, or the menu item can never appear (a typo, or a renamed context value).
 */
export function viewItemConstraints(clause: string): ViewItemConstraint[] {
  const out: ViewItemConstraint[] = [];
  for (const m of clause.matchAll(EQUALS)) {
    const value = m[1] ?? m[2] ?? m[3] ?? '';
    out.push({ clause, text: `viewItem == ${value}`, test: (cv) => cv === value });
  }
  for (const m of clause.matchAll(MATCHES)) {
    const re = new RegExp(m[1] ?? '', m[2] ?? '');
    out.push({ clause, text: `viewItem =~ /${m[1]}/${m[2]}`, test: (cv) => re.test(cv) });
  }
  return out;
}
