import { randomBytes } from 'node:crypto';
import { computeChanges, type ChangeSetRecord, type FakeChange } from './changeSetModel';
import { FakeAwsError, validationError } from './errors';
import { page } from './paging';
import { list, str, type QueryObject } from './queryParams';
import { physicalIdFor, type FakeAwsState, type StackRecord } from './state';
import { parseTemplate, parseTemplateDoc, templateOutputs, templateParameters, templateResources, type TemplateDoc } from './templateInfo';
import { updateTimeline } from './timeline';
import type { XmlValue } from './xml';

const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** A stack's template as a document; a scripted stack without one is described by its resources. */
export function currentTemplate(stack: StackRecord): TemplateDoc {
  const doc = parseTemplateDoc(stack.templateBody);
  if (doc.Resources && Object.keys(doc.Resources).length > 0) return doc;
  return { ...doc, Resources: Object.fromEntries(stack.resources.map((r) => [r.logicalId, { Type: r.type }])) };
}

/** TemplateBody, or a TemplateURL that names an object of the fake's own S3 (the staging bucket). */
export function templateBodyOf(state: FakeAwsState, p: QueryObject): string | undefined {
  const body = str(p.TemplateBody);
  if (body) return body;
  const url = str(p.TemplateURL);
  if (!url) return undefined;
  const staged = state.buckets.objectAt(url);
  if (!staged) throw validationError('TemplateURL must reference a valid S3 object to which you have access.');
  return staged.toString('utf8');
}

function pairs(items: QueryObject[], key: string, value: string): Record<string, string> {
  return Object.fromEntries(items.filter((i) => str(i[key])).map((i) => [str(i[key]) ?? '', str(i[value]) ?? '']));
}

function requireStack(state: FakeAwsState, region: string, name: string | undefined): StackRecord {
  const stack = name ? state.findStack(region, name) : undefined;
  if (!stack) throw validationError(`Stack [${name ?? ''}] does not exist`);
  return stack;
}

function findChangeSet(state: FakeAwsState, region: string, p: QueryObject): ChangeSetRecord {
  const name = str(p.ChangeSetName) ?? '';
  const stackName = str(p.StackName);
  const found = state.changeSets.find(
    (c) => c.region === region && (c.id === name || (c.name === name && (!stackName || state.findStack(region, stackName)?.stackId === c.stackId))),
  );
  if (!found) throw new FakeAwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, 404);
  return found;
}

function status(state: FakeAwsState, c: ChangeSetRecord): { status: string; execution: string; reason?: string } {
  if (state.now() < c.readyAt) return { status: state.now() < c.createdAt + 200 ? 'CREATE_PENDING' : 'CREATE_IN_PROGRESS', execution: 'UNAVAILABLE' };
  if (c.changes.length === 0) return { status: 'FAILED', execution: 'UNAVAILABLE', reason: NO_CHANGES };
  return { status: 'CREATE_COMPLETE', execution: c.executed ? 'EXECUTE_COMPLETE' : 'AVAILABLE' };
}

function changeShape(c: FakeChange): XmlValue {
  return {
    Type: 'Resource',
    ResourceChange: {
      Action: c.action,
      LogicalResourceId: c.logicalId,
      PhysicalResourceId: c.physicalId || undefined,
      ResourceType: c.type,
      Replacement: c.replacement,
      Scope: c.details.length > 0 ? ['Properties'] : [],
      Details: c.details.map((d) => ({
        Target: { Attribute: 'Properties', Name: d.property, RequiresRecreation: d.recreation },
        Evaluation: d.parameter ? 'Dynamic' : 'Static',
        ChangeSource: d.parameter ? 'ParameterReference' : 'DirectModification',
        CausingEntity: d.parameter,
      })),
    },
  };
}

/** The parameter values an update ends with: given ones, previous ones where asked, then the new template's defaults. */
function newParameters(stack: StackRecord, template: TemplateDoc, p: QueryObject): Record<string, string> {
  const values: Record<string, string> = {};
  const given = list(p.Parameters) as QueryObject[];
  for (const declared of templateParameters(template)) {
    const entry = given.find((g) => str(g.ParameterKey) === declared.ParameterKey);
    const previous = stack.parameters[declared.ParameterKey];
    if (entry && str(entry.UsePreviousValue) === 'true') {
      if (previous === undefined) throw validationError(`Invalid input for parameter key ${declared.ParameterKey}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      values[declared.ParameterKey] = previous;
    } else if (entry) values[declared.ParameterKey] = str(entry.ParameterValue) ?? '';
    else if (declared.DefaultValue !== undefined) values[declared.ParameterKey] = declared.DefaultValue;
    else throw validationError(`Parameters: [${declared.ParameterKey}] must have values`);
  }
  return values;
}

/** CloudFormation change sets and update cancellation (awsQuery; shapes as in the CloudFormation API reference). */
export const changeSetHandlers: Record<string, (state: FakeAwsState, region: string, p: QueryObject) => XmlValue> = {
  CreateChangeSet(state, region, p) {
    if (str(p.ChangeSetType) && str(p.ChangeSetType) !== 'UPDATE') throw validationError('The fake implements UPDATE change sets only.');
    const stack = requireStack(state, region, str(p.StackName));
    const name = str(p.ChangeSetName) ?? '';
    if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) throw validationError(`1 validation error detected: Value '${name}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
    if (state.changeSets.some((c) => c.stackId === stack.stackId && c.name === name)) throw new FakeAwsError('AlreadyExistsException', `ChangeSet ${name} already exists`, 400);
    if (!/_COMPLETE$/.test(state.status(stack)) || state.status(stack).startsWith('DELETE') || state.status(stack) === 'ROLLBACK_COMPLETE') {
      throw validationError(`Stack:${stack.stackId} is in ${state.status(stack)} state and can not be updated.`);
    }
    const body = str(p.UsePreviousTemplate) === 'true' ? stack.templateBody : templateBodyOf(state, p);
    if (!body) throw validationError('Either Template URL or Template Body must be specified.');
    const next = str(p.UsePreviousTemplate) === 'true' ? currentTemplate(stack) : parseTemplate(body);
    const parameters = newParameters(stack, next, p);
    const tagItems = list(p.Tags) as QueryObject[];
    const id = `arn:aws:cloudformation:${region}:${state.account.accountId}:changeSet/${name}/${randomBytes(16).toString('hex')}`;
    state.changeSets.push({
      id, name, stackId: stack.stackId, region, createdAt: state.now(), readyAt: state.now() + (state.account.changeSetDurationMs ?? 1000),
      changes: computeChanges({ template: currentTemplate(stack), parameters: stack.parameters, resources: stack.resources }, { template: next, parameters }),
      templateBody: body, parameters, capabilities: list(p.Capabilities).map(String), executed: false,
      ...(tagItems.length > 0 ? { tags: pairs(tagItems, 'Key', 'Value') } : {}),
    });
    return { Id: id, StackId: stack.stackId };
  },
  DescribeChangeSet(state, region, p) {
    const c = findChangeSet(state, region, p);
    const stack = state.stacks.find((s) => s.stackId === c.stackId);
    const now = status(state, c);
    const { items, nextToken } = page(now.status === 'CREATE_COMPLETE' ? c.changes : [], str(p.NextToken), state.pageSize);
    return {
      ChangeSetName: c.name, ChangeSetId: c.id, StackId: c.stackId, StackName: stack?.name,
      Parameters: Object.entries(c.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      CreationTime: new Date(c.createdAt), ExecutionStatus: now.execution, Status: now.status, StatusReason: now.reason,
      NotificationARNs: [], Capabilities: [...c.capabilities], Changes: items.map(changeShape), NextToken: nextToken, IncludeNestedStacks: false,
    };
  },
  ExecuteChangeSet(state, region, p) {
    const c = findChangeSet(state, region, p);
    const now = status(state, c);
    if (now.execution !== 'AVAILABLE') throw new FakeAwsError('InvalidChangeSetStatus', `ChangeSet [${c.id}] cannot be executed in its current status of [${now.status}]`, 400);
    const stack = state.stacks.find((s) => s.stackId === c.stackId);
    if (!stack) throw validationError(`Stack [${c.stackId}] does not exist`);
    c.executed = true;
    const template = parseTemplate(c.templateBody);
    const previous = { templateBody: stack.templateBody, parameters: stack.parameters, resources: stack.resources, outputs: stack.outputs, tags: stack.tags };
    const kept = new Map(stack.resources.map((r) => [r.logicalId, r.physicalId]));
    stack.templateBody = c.templateBody;
    stack.parameters = c.parameters;
    stack.resources = templateResources(template).map((r, i) => ({ ...r, physicalId: kept.get(r.logicalId) ?? physicalIdFor(stack.name, r, i) }));
    if (template.Outputs) stack.outputs = templateOutputs(template, stack.name);
    if (c.tags) stack.tags = c.tags;
    state.updates.set(stack.stackId, previous);
    const added = c.changes.map((ch) => ({ ...ch, physicalId: stack.resources.find((r) => r.logicalId === ch.logicalId)?.physicalId ?? ch.physicalId }));
    stack.events.push(...updateTimeline(stack, added, state.now(), state.account.operationDurationMs ?? 4000));
    return {};
  },
  CancelUpdateStack(state, region, p) {
    const stack = requireStack(state, region, str(p.StackName));
    if (state.status(stack) !== 'UPDATE_IN_PROGRESS') throw validationError(`CancelUpdateStack cannot be called from current stack status ${state.status(stack)}`);
    const previous = state.updates.get(stack.stackId);
    // What had not happened yet never will; the stack rolls back to its previous template and values.
    stack.events = stack.events.filter((e) => e.at <= state.now());
    if (previous) Object.assign(stack, previous);
    stack.events.push(...updateTimeline(stack, [], state.now(), Math.min(2000, state.account.operationDurationMs ?? 4000), true));
    return {};
  },
};
