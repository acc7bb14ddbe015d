/**
 * Evaluates the subset of VS Code `when` clauses our menus use (&&, ||, !, ==, !=, =~, parentheses,
 * bare keys) against a context, so a test can compute which menu entries a node should show.
 */
export type WhenContext = Readonly<Record<string, string | boolean | undefined>>;

type Token = { kind: 'op'; value: string } | { kind: 'word'; value: string } | { kind: 'regex'; value: RegExp };

function tokenize(clause: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(&&|\|\||==|!=|=~|!|\(|\))|\/((?:\\\/|[^/])+)\/([a-z]*)|'([^']*)'|"([^"]*)"|([^\s&|()!=]+))/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clause)) && m[0] !== '') {
    if (m[1]) tokens.push({ kind: 'op', value: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'regex', value: new RegExp(m[2], m[3]) });
    else tokens.push({ kind: 'word', value: m[4] ?? m[5] ?? m[6] ?? '' });
  }
  return tokens;
}

export function evaluateWhen(clause: string | undefined, context: WhenContext): boolean {
  if (!clause?.trim()) return true;
  const tokens = tokenize(clause);
  let i = 0;
  const peek = () => tokens[i];
  const value = (word: string): string | boolean | undefined =>
    word === 'true' ? true : word === 'false' ? false : word in context ? context[word] : undefined;
  const primary = (): boolean => {
    const t = tokens[i++];
    if (!t) return false;
    if (t.kind === 'op' && t.value === '!') return !primary();
    if (t.kind === 'op' && t.value === '(') {
      const inner = or();
      i++; // ')'
      return inner;
    }
    if (t.kind !== 'word') return false;
    const next = peek();
    if (next?.kind === 'op' && ['==', '!=', '=~'].includes(next.value)) {
      i++;
      const rhs = tokens[i++];
      const left = String(value(t.value) ?? '');
      if (next.value === '=~') return rhs?.kind === 'regex' && rhs.value.test(left);
      const right = rhs?.kind === 'word' ? rhs.value : '';
      return next.value === '==' ? left === right : left !== right;
    }
    return Boolean(value(t.value) ?? (t.value === 'true'));
  };
  const and = (): boolean => {
    let result = primary();
    while (peek()?.kind === 'op' && peek()?.value === '&&') {
      i++;
      result = primary() && result;
    }
    return result;
  };
  const or = (): boolean => {
    let result = and();
    while (peek()?.kind === 'op' && peek()?.value === '||') {
      i++;
      result = and() || result;
    }
    return result;
  };
  return or();
}
