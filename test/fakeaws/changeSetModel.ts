import type { FakeResource } from './model';
import { templateParameters, templateResources, type TemplateDoc } from './templateInfo';
import type { ResourceUpdate } from './timeline';

/** One change of a change set (DescribeChangeSet `Changes` member, ResourceChange). */
export interface FakeChange extends ResourceUpdate {
  readonly replacement?: 'True' | 'False' | 'Conditional';
  /** Top-level properties that change, with the parameter that causes it (if any). */
  readonly details: readonly { readonly property: string; readonly parameter?: string; readonly recreation: 'Always' | 'Never' | 'Conditionally' }[];
}

export interface ChangeSetRecord {
  readonly id: string;
  readonly name: string;
  readonly stackId: string;
  readonly region: string;
  readonly createdAt: number;
  /** When it becomes CREATE_COMPLETE (or FAILED when nothing changes). */
  readonly readyAt: number;
  readonly changes: readonly FakeChange[];
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  executed: boolean;
}

/** Properties whose change replaces an EC2 instance (CloudFormation resource reference: "Update requires: Replacement"). */
const REPLACING = new Set(['AvailabilityZone', 'ImageId', 'SubnetId', 'KeyName', 'SecurityGroups']);

/** Parameters a property value refers to (Ref, or ${Name} in Fn::Sub). */
function referencedParameters(value: unknown, declared: ReadonlySet<string>, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedParameters(v, declared, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === 'Ref' && typeof v === 'string' && declared.has(v)) found.add(v);
      else if (k === 'Fn::Sub') for (const m of JSON.stringify(v).matchAll(/\$\{([A-Za-z0-9]+)\}/g)) if (declared.has(m[1] ?? '')) found.add(m[1] ?? '');
      referencedParameters(v, declared, found);
    }
  }
  return found;
}

type Resources = Readonly<Record<string, { Type?: unknown; Properties?: Record<string, unknown> }>>;

function modification(logicalId: string, type: string, physicalId: string, before: Record<string, unknown>, after: Record<string, unknown>, changedParameters: ReadonlySet<string>, declared: ReadonlySet<string>): FakeChange | undefined {
  const details: FakeChange['details'][number][] = [];
  for (const property of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const direct = JSON.stringify(before[property]) !== JSON.stringify(after[property]);
    const parameter = [...referencedParameters(after[property], declared)].find((p) => changedParameters.has(p));
    if (!direct && !parameter) continue;
    const recreation = type === 'AWS::EC2::Instance' && REPLACING.has(property) ? 'Always' : type === 'AWS::EC2::Instance' ? 'Never' : 'Conditionally';
    details.push({ property, ...(parameter && !direct ? { parameter } : {}), recreation });
  }
  if (details.length === 0) return undefined;
  const replacement = details.some((d) => d.recreation === 'Always') ? 'True' : details.every((d) => d.recreation === 'Never') ? 'False' : 'Conditional';
  return { logicalId, physicalId, type, action: 'Modify', replacement, details };
}

/**
 * What CloudFormation would do to move a stack from one template and parameter set to another:
 * resources added and removed, and those whose properties change directly or through a changed
 * parameter (with EC2 instances replaced when a placement property changes).
 */
export function computeChanges(
  before: { template: TemplateDoc; parameters: Readonly<Record<string, string>>; resources: readonly (FakeResource & { physicalId: string })[] },
  after: { template: TemplateDoc; parameters: Readonly<Record<string, string>> },
): FakeChange[] {
  const declared = new Set(templateParameters(after.template).map((p) => p.ParameterKey));
  const changedParameters = new Set([...declared].filter((k) => before.parameters[k] !== after.parameters[k]));
  const oldResources = (before.template.Resources ?? {}) as Resources;
  const newResources = (after.template.Resources ?? {}) as Resources;
  const physical = (logicalId: string) => before.resources.find((r) => r.logicalId === logicalId)?.physicalId ?? '';
  const changes: FakeChange[] = [];
  for (const r of templateResources(after.template)) {
    const old = oldResources[r.logicalId];
    if (!old) {
      changes.push({ logicalId: r.logicalId, physicalId: '', type: r.type, action: 'Add', details: [] });
      continue;
    }
    const modified = modification(r.logicalId, r.type, physical(r.logicalId), old.Properties ?? {}, newResources[r.logicalId]?.Properties ?? {}, changedParameters, declared);
    if (modified) changes.push(modified);
  }
  for (const r of templateResources(before.template)) {
    if (!newResources[r.logicalId]) changes.push({ logicalId: r.logicalId, physicalId: physical(r.logicalId), type: r.type, action: 'Remove', details: [] });
  }
  return changes;
}
