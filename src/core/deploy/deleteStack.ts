import { CancelUpdateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { isStackMissing } from './deployErrors';

/** Starts deleting a stack; returns its id (needed to follow events of a deleted stack). */
export async function deleteStack(
  clients: AwsClients,
  region: string,
  stackName: string,
  clientRequestToken: string,
  { retainResources }: { retainResources?: readonly string[] } = {},
  signal?: AbortSignal,
): Promise<{ stackId: string; status: string }> {
  const cfn = await clients.cloudFormation(region);
  let stack;
  try {
    stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }), { abortSignal: signal })).Stacks?.[0];
  } catch (error) {
    if (isStackMissing(error)) throw new Error(`There is no stack '${stackName}' in ${region} (already deleted?). Refresh the Stacks view.`, { cause: error });
    throw error;
  }
  if (stack?.EnableTerminationProtection) {
    throw new Error(`'${stackName}' has termination protection on. Turn it off in the CloudFormation console (Stack actions > Edit termination protection), then delete again.`);
  }
  await cfn.send(
    new DeleteStackCommand({
      StackName: stack?.StackId ?? stackName,
      ClientRequestToken: clientRequestToken,
      // RetainResources is only accepted for a stack in DELETE_FAILED.
      ...(retainResources && retainResources.length > 0 && stack?.StackStatus === 'DELETE_FAILED' ? { RetainResources: [...retainResources] } : {}),
    }),
    { abortSignal: signal },
  );
  return { stackId: stack?.StackId ?? stackName, status: stack?.StackStatus ?? '' };
}

export type CancelOutcome = 'update-cancelled' | 'creation-deleted';

/**
 * Stops a running deployment: an update is cancelled (CloudFormation rolls it back); a stack still
 * being created is deleted, since a half-created stack has nothing worth keeping.
 */
export async function cancelDeployment(clients: AwsClients, region: string, stackId: string, clientRequestToken: string, signal?: AbortSignal): Promise<CancelOutcome> {
  const cfn = await clients.cloudFormation(region);
  const status = (await cfn.send(new DescribeStacksCommand({ StackName: stackId }), { abortSignal: signal })).Stacks?.[0]?.StackStatus ?? '';
  if (status === 'UPDATE_IN_PROGRESS') {
    await cfn.send(new CancelUpdateStackCommand({ StackName: stackId, ClientRequestToken: clientRequestToken }), { abortSignal: signal });
    return 'update-cancelled';
  }
  if (status === 'CREATE_IN_PROGRESS' || status === 'REVIEW_IN_PROGRESS') {
    await cfn.send(new DeleteStackCommand({ StackName: stackId, ClientRequestToken: clientRequestToken }), { abortSignal: signal });
    return 'creation-deleted';
  }
  throw new Error(`The stack is ${status || 'not deploying'}, so there is nothing to cancel. Cancel works while a stack is being created or updated.`);
}
