import { LineCounter, parseDocument } from 'yaml';
import { INTRINSIC_TAGS } from './intrinsicTags';
import type { CfnTemplate, LoadedTemplate } from './templateTypes';

/** The template text cannot be read as JSON or YAML; carries the position for the message. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${source}:${line}:${column}: ${detail}. Fix the template syntax and try again.`);
    this.name = 'TemplateSyntaxError';
  }
}

/** The text parsed, but it is not a CloudFormation template. */
export class NotATemplateError extends Error {
  constructor(readonly source: string, detail: string) {
    super(`${source} is not a CloudFormation template: ${detail}. Pick a template with a Resources section (JSON or YAML).`);
    this.name = 'NotATemplateError';
  }
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/**
 * Where V8's "Unexpected token 'x', "…" is not valid JSON" points (it gives no position): a quoted
 * context with a leading "..." starts 10 characters before the token; a whole quoted source means
 * the token's first occurrence outside a string.
 */
function unexpectedToken(text: string, message: string): { token: string; offset: number | undefined } | undefined {
  const m = /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (!m) return undefined;
  const token = m[1] ?? '';
  if (m[2]) {
    const at = text.indexOf(m[3] ?? '');
    return { token, offset: at >= 0 ? at + 10 : undefined };
  }
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === token) return { token, offset: i };
  }
  return { token, offset: undefined };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const unexpected = unexpectedToken(text, message);
    const position = /position (\d+)/.exec(message);
    const lc = /line (\d+) column (\d+)/.exec(message);
    const offset = unexpected ? unexpected.offset : position ? Number(position[1]) : undefined;
    const { line, column } = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : lineColumnOf(text, offset ?? text.length);
    // The unexpected-token form quotes the template itself: name the character, not the quote.
    const detail = unexpected ? `unexpected character '${unexpected.token}'` : message.replace(/^.*?: /, '').replace(/ in JSON at .*$/, '');
    throw new TemplateSyntaxError(source, line, column, detail);
  }
}

function parseYaml(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { customTags: [...INTRINSIC_TAGS], lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const { line, col } = lineCounter.linePos(first.pos[0]);
    throw new TemplateSyntaxError(source, line, col, first.message.split('\n')[0] ?? first.message);
  }
  return doc.toJS({ maxAliasCount: 100 });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape CloudFormation insists on: a non-empty Resources map whose entries have a Type. */
export function asTemplate(value: unknown, source: string): CfnTemplate {
  if (!isRecord(value)) throw new NotATemplateError(source, 'the top level is not a map');
  const resources = value.Resources;
  if (!isRecord(resources)) throw new NotATemplateError(source, 'it has no Resources section');
  const names = Object.keys(resources);
  if (names.length === 0) throw new NotATemplateError(source, 'its Resources section is empty');
  for (const name of names) {
    const r = resources[name];
    if (!isRecord(r) || typeof r.Type !== 'string') throw new NotATemplateError(source, `resource '${name}' has no Type`);
  }
  if (value.Parameters !== undefined && !isRecord(value.Parameters)) throw new NotATemplateError(source, 'Parameters is not a map');
  return value as unknown as CfnTemplate;
}

/** Parses a JSON or YAML template (YAML short-form intrinsics included). */
export function parseTemplate(body: string, source: string): LoadedTemplate {
  const text = body.replace(/^\uFEFF/, '');
  const json = text.trimStart().startsWith('{');
  const value = json ? parseJson(text, source) : parseYaml(text, source);
  return { body, format: json ? 'json' : 'yaml', template: asTemplate(value, source), source };
}
