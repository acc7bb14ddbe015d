import type { HostMessage, LogLine, PanelPatch, PanelView, ResourceView } from './protocol';

/** Events the page keeps (the host keeps the same window, so both agree on what is shown). */
export const PAGE_LOG_LIMIT = 300;

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Log lines of `next` that `prev` does not end with (the log only grows; old lines fall off the front). */
function appended(prev: readonly LogLine[], next: readonly LogLine[]): readonly LogLine[] | undefined {
  const lastId = prev.at(-1)?.id;
  if (lastId === undefined) return next.length > 0 ? next : undefined;
  let at = next.length - 1;
  while (at >= 0 && next[at]?.id !== lastId) at--;
  const fresh = at < 0 ? next : next.slice(at + 1);
  return fresh.length > 0 ? fresh : undefined;
}

/** What changed between two views; undefined when nothing did. */
export function diffViews(prev: PanelView, next: PanelView): PanelPatch | undefined {
  const patch: { -readonly [K in keyof PanelPatch]: PanelPatch[K] } = {};
  if (!same(prev.header, next.header)) patch.header = next.header;
  const before = new Map(prev.resources.map((r) => [r.logicalId, r]));
  const changed = next.resources.filter((r) => !same(before.get(r.logicalId), r));
  const order = next.resources.map((r) => r.logicalId);
  const reordered = !same(order, prev.resources.map((r) => r.logicalId));
  if (changed.length > 0 || reordered) patch.resources = { changed, ...(reordered ? { order } : {}) };
  const log = appended(prev.log, next.log);
  if (log) patch.log = log;
  if (!same(prev.outputs, next.outputs)) patch.outputs = next.outputs;
  if (!same(prev.rootCause, next.rootCause)) patch.rootCause = next.rootCause ?? null;
  if (!same(prev.leftBehind, next.leftBehind)) patch.leftBehind = next.leftBehind;
  if (!same(prev.bootLog, next.bootLog)) patch.bootLog = next.bootLog ?? null;
  if (!same(prev.timeline, next.timeline)) patch.timeline = next.timeline;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function patchResources(resources: readonly ResourceView[], change: NonNullable<PanelPatch['resources']>): readonly ResourceView[] {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  for (const r of change.changed) byId.set(r.logicalId, r);
  const order = change.order ?? [...resources.map((r) => r.logicalId), ...change.changed.map((r) => r.logicalId).filter((id) => !resources.some((r) => r.logicalId === id))];
  return order.map((id) => byId.get(id)).filter((r): r is ResourceView => r !== undefined);
}

/**
 * The view after a host message. Unchanged parts keep their identity, so the page re-renders only
 * what a patch touched. A patch before any view is ignored (the host sends a view after `ready`).
 */
export function applyHostMessage(view: PanelView | undefined, message: HostMessage): PanelView | undefined {
  if (message.type === 'view') return message.view;
  if (!view) return undefined;
  const p = message.patch;
  const { rootCause: _r, bootLog: _b, ...rest } = view;
  const rootCause = p.rootCause === undefined ? view.rootCause : (p.rootCause ?? undefined);
  const bootLog = p.bootLog === undefined ? view.bootLog : (p.bootLog ?? undefined);
  return {
    ...rest,
    header: p.header ?? view.header,
    resources: p.resources ? patchResources(view.resources, p.resources) : view.resources,
    log: p.log ? [...view.log, ...p.log].slice(-PAGE_LOG_LIMIT) : view.log,
    outputs: p.outputs ?? view.outputs,
    leftBehind: p.leftBehind ?? view.leftBehind,
    timeline: p.timeline ?? view.timeline,
    ...(rootCause ? { rootCause } : {}),
    ...(bootLog ? { bootLog } : {}),
  };
}
