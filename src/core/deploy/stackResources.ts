import { DescribeStackEventsCommand, DescribeStacksCommand, GetTemplateCommand, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { parseTemplate } from '../cfn/parseTemplate';
import type { CfnTemplate, LoadedTemplate } from '../cfn/templateTypes';
import { toStackInfo, visibleParameterValues } from '../stacks/stackInfo';
import type { ExpectedResource } from './progressTypes';

/** The stack's current resources (every page), e.g. what a delete will remove. */
export async function expectedFromStack(clients: AwsClients, region: string, stackName: string, signal?: AbortSignal): Promise<ExpectedResource[]> {
  const cfn = await clients.cloudFormation(region);
  const result: ExpectedResource[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName })) {
    if (signal?.aborted) break;
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.ResourceStatus === 'DELETE_COMPLETE') continue;
      result.push({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType ?? '', waitsForSignal: false });
    }
  }
  return result;
}

/** The template the stack runs now (the update wizard starts from it). */
export async function currentTemplate(clients: AwsClients, region: string, stackName: string, signal?: AbortSignal): Promise<LoadedTemplate> {
  const cfn = await clients.cloudFormation(region);
  const out = await cfn.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }), { abortSignal: signal });
  return parseTemplate(out.TemplateBody ?? '', `template of ${stackName}`);
}

/**
 * The stack's current parameter values an update starts from, masked by `template` (the one it
 * runs, read with GetTemplate): NoEcho values are left out (the update keeps them with
 * UsePreviousValue or asks for new ones), the others are the stack's own, never a template default.
 */
export async function currentValues(clients: AwsClients, region: string, stackId: string, template: CfnTemplate, signal?: AbortSignal): Promise<Record<string, string>> {
  const cfn = await clients.cloudFormation(region);
  const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackId }), { abortSignal: signal })).Stacks?.[0];
  if (!stack) return {};
  const noEcho = new Set(Object.entries(template.Parameters ?? {}).filter(([, d]) => d.NoEcho === true || String(d.NoEcho).toLowerCase() === 'true').map(([key]) => key));
  return visibleParameterValues(toStackInfo(stack, region, noEcho));
}

/** The newest event of a stack before an operation starts: progress reads nothing older. */
export async function newestEventId(clients: AwsClients, region: string, stackId: string, signal?: AbortSignal): Promise<string | undefined> {
  const cfn = await clients.cloudFormation(region);
  const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }), { abortSignal: signal });
  return page.StackEvents?.[0]?.EventId;
}
