import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { toStackInfo, type StackInfo } from '../stacks/stackInfo';
import { awsErrorName, explainAccessDenied, SshSetupError } from './sshAwsErrors';

/** One stack by name (or id) in one region, for commands that start from a stack name. */
export async function describeStack(clients: Pick<AwsClients, 'cloudFormation'>, region: string, stackName: string, signal?: AbortSignal): Promise<StackInfo> {
  const cfn = await clients.cloudFormation(region);
  try {
    const result = await cfn.send(new DescribeStacksCommand({ StackName: stackName }), { abortSignal: signal });
    const stack = result.Stacks?.[0];
    if (!stack) throw new SshSetupError(`Stack ${stackName} was not found in ${region}.`, 'NotFound');
    return toStackInfo(stack, region);
  } catch (error) {
    if (awsErrorName(error) === 'ValidationError' && /does not exist/.test((error as Error).message)) {
      throw new SshSetupError(`Stack ${stackName} does not exist in ${region}. Check the name, or pass --region.`, 'NotFound', { cause: error });
    }
    throw explainAccessDenied(error, `describing stack ${stackName}`, ['cloudformation:DescribeStacks']);
  }
}
