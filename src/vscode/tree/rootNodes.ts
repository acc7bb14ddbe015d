import { regionMessage } from '../../core/util/age';
import { groupByKind, type Inventory } from '../../core/stacks/inventoryModel';
import { ContextValues } from '../contextValues';
import type { ExplorerNode } from './explorerNode';
import { KindGroupNode } from './nodes/kindGroupNode';
import { MessageNode } from './nodes/messageNode';
import type { StackDetailsSource } from './stackDetailsSource';

/** Top level of the view: one group per kind that has stacks, then one error node per failed region. */
export function buildRootNodes(inventory: Inventory, details: StackDetailsSource, includeOther: boolean): ExplorerNode[] {
  const regions = new Set(inventory.stacks.map((s) => s.region));
  const groups = groupByKind(inventory.stacks)
    .filter((g) => includeOther || g.kind !== 'other')
    .map((g) => new KindGroupNode(g.kind, g.stacks, details, regions.size > 1));
  const errors = inventory.failures.map(
    (f) => new MessageNode(undefined, `region-error:${f.region}`, regionMessage(f.region, f.error.message), 'error', undefined, ContextValues.regionError),
  );
  return [...groups, ...errors];
}
