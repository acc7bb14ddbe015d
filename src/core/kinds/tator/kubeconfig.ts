import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Document, type Node, type YAMLMap } from 'yaml';
import { KubeconfigError, type KubeconfigEntry } from './eksKubeconfigEntry';

export interface MergeOptions {
  /** Make the new context current even when the file already has a current context of its own. */
  readonly makeCurrent?: boolean;
}

export interface MergeResult {
  readonly text: string;
  readonly changed: boolean;
  readonly currentContext: string | undefined;
  /**
   * True when every byte outside the entries written is the user's (comments, blank lines, quoting,
   * indentation, column of trailing comments); false when the file had a shape only a full re-render
   * could change (flow-style lists, for instance): comments and order are then kept, spacing is not.
   */
  readonly formattingKept: boolean;
}

const SECTIONS = [
  ['clusters', (e: KubeconfigEntry) => e.cluster],
  ['contexts', (e: KubeconfigEntry) => e.context],
  ['users', (e: KubeconfigEntry) => e.user],
] as const;

/** kubectl reads kubeconfig as YAML 1.1 (yes/no/on/off are booleans there), so it is written that way too. */
const YAML_VERSION = '1.1';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Merges one EKS cluster's entries into kubeconfig text: an entry with the same name is replaced,
 * others (contexts, users, comments, preferences, extensions) are kept as they are. The current
 * context is set only when the file has none, unless `makeCurrent`.
 */
export function mergeKubeconfig(existing: string | undefined, entry: KubeconfigEntry, options: MergeOptions = {}): MergeResult {
  if (existing === undefined || existing.trim() === '') {
    const fresh = { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [entry.cluster], contexts: [entry.context], users: [entry.user], 'current-context': entry.contextName };
    return { text: stringify(fresh, { version: YAML_VERSION, indentSeq: false, lineWidth: 0 }), changed: true, currentContext: entry.contextName, formattingKept: true };
  }
  const doc = parsed(existing);
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new KubeconfigError('The kubeconfig file is not a YAML mapping; fix it or move it aside. Nothing was changed.');
  const kind = root?.get('kind') as unknown;
  if (kind !== undefined && kind !== null && kind !== 'Config') throw new KubeconfigError(`The kubeconfig file has kind '${String(kind)}', not Config; nothing was changed.`);
  const before = (doc.toJS() ?? {}) as Record<string, unknown>;
  const current = typeof before['current-context'] === 'string' && before['current-context'] !== '' ? before['current-context'] : undefined;
  const wantedCurrent = options.makeCurrent || current === undefined ? entry.contextName : current;

  const spliced = root ? splice(existing, root, entry, wantedCurrent !== current ? wantedCurrent : undefined) : undefined;
  if (spliced !== undefined && isFaithful(before, spliced, entry, wantedCurrent)) {
    return { text: spliced, changed: spliced !== existing, currentContext: wantedCurrent, formattingKept: true };
  }
  const text = rerendered(existing, entry, wantedCurrent);
  if (!isFaithful(before, text, entry, wantedCurrent)) throw new KubeconfigError('The kubeconfig file could not be merged without losing entries; nothing was changed.');
  return { text, changed: text !== existing, currentContext: wantedCurrent, formattingKept: false };
}

function parsed(text: string): Document.Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: YAML_VERSION, lineCounter });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new KubeconfigError(`The kubeconfig file is not valid YAML${line ? ` (line ${line})` : ''}: ${error.message.split('\n')[0]}. Fix it or move it aside; nothing was changed.`);
  }
  return doc;
}

/** Text edits that change only our entries (and the current context), or undefined for an unusual shape. */
function splice(text: string, root: YAMLMap, entry: KubeconfigEntry, newCurrent: string | undefined): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: Edit[] = [];
  const appended: string[] = [];
  const newListColumn = firstListColumn(text, root) ?? 0;
  for (const [section, pick] of SECTIONS) {
    const item = pick(entry);
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === section);
    if (!pair) {
      appended.push(`${section}:${eol}${render(item, newListColumn, 2, eol)}`);
      continue;
    }
    const value = pair.value as Node | null;
    if (isSeq(value) && !value.flow && value.items.length > 0) {
      const items = value.items.filter(isMap);
      if (items.length !== value.items.length) return undefined;
      const dash = dashOf(text, items[0]!);
      if (dash === undefined) return undefined;
      const column = columnOf(text, dash);
      const step = nestedStep(text, items[0]!) ?? 2;
      const same = items.find((m) => m.get('name') === item.name);
      if (same) {
        const start = dashOf(text, same);
        const end = contentEnd(text, same);
        if (start === undefined || end === undefined) return undefined;
        if (!isDeepStrictEqual(same.toJSON(), item)) edits.push({ start, end, text: render(item, column, step, eol).replace(/(\r?\n)$/, '') });
      } else {
        const end = contentEnd(text, items[items.length - 1]!);
        if (end === undefined) return undefined;
        const at = endOfLine(text, end);
        edits.push({ start: at, end: at, text: `${eol}${render(item, column, step, eol).replace(/(\r?\n)$/, '')}` });
      }
    } else if (value && value.range && value.range[0] < value.range[1] && ((isScalar(value) && value.value === null) || (isSeq(value) && value.flow && value.items.length === 0))) {
      // kubectl writes an empty list as `clusters: null`; the space after the colon goes too.
      let start = value.range[0];
      while (start > 0 && text[start - 1] === ' ') start -= 1;
      edits.push({ start, end: value.range[1], text: `${eol}${render(item, newListColumn, 2, eol).replace(/(\r?\n)$/, '')}` });
    } else {
      return undefined;
    }
  }
  if (newCurrent !== undefined) {
    const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'current-context');
    const scalar = stringify(newCurrent, { version: YAML_VERSION, lineWidth: 0 }).trimEnd();
    const value = pair?.value as Node | null | undefined;
    if (!pair) appended.push(`current-context: ${scalar}${eol}`);
    else if (isScalar(value) && value.range && value.range[0] < value.range[1]) edits.push({ start: value.range[0], end: value.range[1], text: scalar });
    else return undefined;
  }
  if (appended.length > 0) {
    const separator = text.endsWith('\n') ? '' : eol;
    edits.push({ start: text.length, end: text.length, text: `${separator}${appended.join('')}` });
  }
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => `${out.slice(0, e.start)}${e.text}${out.slice(e.end)}`, text);
}

/** One list item in block style, its dash at `column`, nested mappings indented by `step`. */
function render(item: object, column: number, step: number, eol: string): string {
  const text = stringify([item], { version: YAML_VERSION, indent: step, indentSeq: false, lineWidth: 0, minContentWidth: 0 });
  const pad = ' '.repeat(column);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `${pad}${line}${eol}`)
    .join('');
}

/** Where the `- ` of a block sequence item is, or undefined when its layout is not the usual one. */
function dashOf(text: string, item: Node): number | undefined {
  if (!item.range) return undefined;
  let i = item.range[0] - 1;
  while (i >= 0 && text[i] === ' ') i -= 1;
  return text[i] === '-' ? i : undefined;
}

/** Where a node's own text ends: its range runs on to the next line, which is not ours to replace. */
function contentEnd(text: string, node: Node): number | undefined {
  if (!node.range) return undefined;
  let end = node.range[1];
  while (end > node.range[0] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end -= 1;
  return end;
}

function columnOf(text: string, position: number): number {
  return position - (text.lastIndexOf('\n', position - 1) + 1);
}

/** How far a nested mapping is indented from its parent's keys in this file (2 for kubectl's files). */
function nestedStep(text: string, item: YAMLMap): number | undefined {
  for (const pair of item.items) {
    const value = pair.value as Node | null;
    if (isMap(value) && !value.flow && value.range && item.range) return columnOf(text, value.range[0]) - columnOf(text, item.range[0]);
  }
  return undefined;
}

/** The dash column of the file's other lists (kubectl: 0), for a list that has to be created. */
function firstListColumn(text: string, root: YAMLMap): number | undefined {
  for (const pair of root.items) {
    const value = pair.value as Node | null;
    if (isSeq(value) && !value.flow && value.items[0]) {
      const dash = dashOf(text, value.items[0] as Node);
      if (dash !== undefined) return columnOf(text, dash);
    }
  }
  return undefined;
}

function endOfLine(text: string, position: number): number {
  const newline = text.indexOf('\n', position);
  if (newline === -1) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** Falls back to the Document API: comments and order kept, spacing re-rendered. */
function rerendered(existing: string, entry: KubeconfigEntry, current: string): string {
  const doc = parsed(existing);
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as unknown as typeof doc.contents;
  for (const [key, value] of [['apiVersion', 'v1'], ['kind', 'Config']] as const) if (!doc.has(key)) doc.set(key, value);
  for (const [section, pick] of SECTIONS) {
    const item = pick(entry);
    let seq = doc.get(section, true);
    if (!isSeq(seq)) {
      seq = doc.createNode([]);
      doc.set(section, seq);
    }
    const list = seq as unknown as { items: unknown[] };
    const at = list.items.findIndex((n) => isMap(n) && n.get('name') === item.name);
    if (at >= 0) list.items[at] = doc.createNode(item);
    else list.items.push(doc.createNode(item));
  }
  doc.set('current-context', current);
  return doc.toString({ indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

/** The merged text must hold every entry it held before, ours as given, and the expected current context. */
function isFaithful(before: Record<string, unknown>, text: string, entry: KubeconfigEntry, current: string): boolean {
  const doc = parseDocument(text, { version: YAML_VERSION });
  if (doc.errors.length > 0) return false;
  const after = (doc.toJS() ?? {}) as Record<string, unknown>;
  for (const [section, pick] of SECTIONS) {
    const item = pick(entry);
    const old = (Array.isArray(before[section]) ? before[section] : []) as { name?: unknown }[];
    const now = (Array.isArray(after[section]) ? after[section] : []) as { name?: unknown }[];
    const expected = old.some((o) => o?.name === item.name) ? old.map((o) => (o?.name === item.name ? item : o)) : [...old, item];
    if (!isDeepStrictEqual(now, JSON.parse(JSON.stringify(expected)))) return false;
  }
  if (after['current-context'] !== current) return false;
  const others = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k]) => !['clusters', 'contexts', 'users', 'current-context', 'apiVersion', 'kind'].includes(k)));
  return isDeepStrictEqual(others(after), others(before));
}
