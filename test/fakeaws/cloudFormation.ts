import { FakeAwsError, validationError } from './errors';
import { page } from './paging';
import { list, str, type QueryObject } from './queryParams';
import type { FakeAwsState, StackRecord } from './state';
import { currentTemplate, templateBodyOf } from './changeSets';
import { eventShape, resourceRows, stackShape, stackSummaryShape } from './cloudFormationShapes';
import { addPlannedResources, plannedCreation, takePlan } from './plannedStack';
import { parseTemplate, templateDescription, templateMetadata, templateOutputs, templateParameters, templateResources } from './templateInfo';
import type { XmlValue } from './xml';

type Handler = (state: FakeAwsState, region: string, p: QueryObject) => XmlValue;

function requireStack(state: FakeAwsState, region: string, name: string | undefined): StackRecord {
  if (!name) throw validationError('1 validation error detected: Value null at \'stackName\' failed to satisfy constraint: Member must not be null');
  const stack = state.findStack(region, name);
  if (!stack) throw validationError(`Stack with id ${name} does not exist`);
  return stack;
}

function templateOf(state: FakeAwsState, region: string, p: QueryObject): string {
  return templateBodyOf(state, p) ?? JSON.stringify(currentTemplate(requireStack(state, region, str(p.StackName))));
}

/** CloudFormation actions (awsQuery), shapes as in the CloudFormation API reference. */
export const cloudFormationHandlers: Record<string, Handler> = {
  DescribeStacks(state, region, p) {
    const name = str(p.StackName);
    if (name) return { Stacks: [stackShape(state, requireStack(state, region, name))] };
    const { items, nextToken } = page(state.liveStacks(region), str(p.NextToken), state.pageSize);
    return { Stacks: items.map((s) => stackShape(state, s)), NextToken: nextToken };
  },
  ListStacks(state, region, p) {
    const filter = list(p.StackStatusFilter).map(String);
    const all = state.stacks.filter((s) => s.region === region && (filter.length === 0 || filter.includes(state.status(s))));
    const { items, nextToken } = page(all, str(p.NextToken), state.pageSize);
    return { StackSummaries: items.map((s) => stackSummaryShape(state, s)), NextToken: nextToken };
  },
  DescribeStackResources(state, region, p) {
    const stack = requireStack(state, region, str(p.StackName));
    const rows = resourceRows(state, stack).filter((r) => !str(p.LogicalResourceId) || r.logicalId === str(p.LogicalResourceId));
    return {
      StackResources: rows.map((r) => ({
        StackName: stack.name,
        StackId: stack.stackId,
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        Timestamp: new Date(r.at),
        ResourceStatus: r.status,
        DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
      })),
    };
  },
  ListStackResources(state, region, p) {
    const stack = requireStack(state, region, str(p.StackName));
    const { items, nextToken } = page(resourceRows(state, stack), str(p.NextToken), state.pageSize);
    return {
      StackResourceSummaries: items.map((r) => ({
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        LastUpdatedTimestamp: new Date(r.at),
        ResourceStatus: r.status,
        DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
      })),
      NextToken: nextToken,
    };
  },
  DescribeStackEvents(state, region, p) {
    const stack = requireStack(state, region, str(p.StackName));
    // Newest first, like CloudFormation.
    const events = state.visibleEvents(stack).map((e, i) => eventShape(stack, e, i)).reverse();
    const { items, nextToken } = page(events, str(p.NextToken), Math.max(state.pageSize, 100));
    return { StackEvents: items, NextToken: nextToken };
  },
  GetTemplate(state, region, p) {
    const stack = requireStack(state, region, str(p.StackName));
    return { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] };
  },
  GetTemplateSummary(state, region, p) {
    const t = parseTemplate(templateOf(state, region, p));
    const resources = templateResources(t);
    return {
      Parameters: templateParameters(t),
      Description: templateDescription(t),
      Capabilities: resources.some((r) => r.type.startsWith('AWS::IAM::')) ? ['CAPABILITY_IAM'] : undefined,
      CapabilitiesReason: resources.some((r) => r.type.startsWith('AWS::IAM::')) ? 'The following resource(s) require capabilities: [AWS::IAM::Role]' : undefined,
      ResourceTypes: [...new Set(resources.map((r) => r.type))],
      Version: '2010-09-09',
      Metadata: templateMetadata(t),
    };
  },
  ValidateTemplate(state, region, p) {
    const t = parseTemplate(templateOf(state, region, p));
    return {
      Parameters: templateParameters(t).map((x) => ({ ParameterKey: x.ParameterKey, DefaultValue: x.DefaultValue, NoEcho: x.NoEcho, Description: x.Description })),
      Description: templateDescription(t),
    };
  },
  CreateStack(state, region, p) {
    const name = str(p.StackName);
    if (!name || !/^[A-Za-z][-A-Za-z0-9]{0,127}$/.test(name)) {
      throw validationError(`1 validation error detected: Value '${name ?? ''}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
    }
    if (state.findStack(region, name)) throw new FakeAwsError('AlreadyExistsException', `Stack [${name}] already exists`, 400);
    const body = templateBodyOf(state, p);
    if (!body) throw validationError('Either Template URL or Template Body must be specified.');
    if (str(p.TemplateBody) !== undefined && Buffer.byteLength(body) > 51200) {
      throw validationError("1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200");
    }
    const t = parseTemplate(body);
    const parameters: Record<string, string> = {};
    for (const item of list(p.Parameters)) {
      const entry = item as QueryObject;
      const key = str(entry.ParameterKey);
      if (key) parameters[key] = str(entry.ParameterValue) ?? '';
    }
    const tags: Record<string, string> = {};
    for (const item of list(p.Tags)) {
      const entry = item as QueryObject;
      const key = str(entry.Key);
      if (key) tags[key] = str(entry.Value) ?? '';
    }
    const plan = takePlan(state, region, name);
    // lab kind: a planned instance plays the template's instance of its role (JupyterInstance for 'jupyter'), and is the stack's only one.
    const templated = templateResources(t);
    const instanceIds = templated.filter((r) => r.type === 'AWS::EC2::Instance').map((r) => r.logicalId);
    const role = plan?.instance?.role;
    const instanceLogicalId = (role && instanceIds.find((id) => id.toLowerCase().startsWith(role))) || instanceIds[0];
    const planned = plannedCreation(plan, templateOutputs(t, name), instanceLogicalId);
    const playing = planned.instances[0];
    const resources = playing
      ? templated.filter((r) => r.type !== 'AWS::EC2::Instance' || r.logicalId === instanceLogicalId).map((r) => (r.logicalId === instanceLogicalId ? { ...r, physicalId: playing.instanceId } : r))
      : templated;
    const stack = state.addStack(region, {
      name,
      templateBody: body,
      parameters,
      tags,
      resources,
      outputs: planned.outputs,
      instances: planned.instances,
      createDurationMs: state.account.operationDurationMs ?? 4000,
      ...(templateDescription(t) ? { description: templateDescription(t) } : {}),
    });
    addPlannedResources(state, plan, stack, planned.keyPairId);
    return { StackId: stack.stackId };
  },
  DeleteStack(state, region, p) {
    const name = str(p.StackName);
    const stack = name ? state.findStack(region, name) : undefined;
    // DeleteStack of a stack that does not exist succeeds silently in CloudFormation.
    if (stack) state.deleteStack(stack);
    return {};
  },
};
