import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsSession } from './session';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** STS GetCallerIdentity: proves the credentials work and names the account. */
export async function getCallerIdentity(session: AwsSession, signal?: AbortSignal): Promise<CallerIdentity> {
  const sts = await session.clients.sts(session.regions[0] ?? 'us-east-1');
  const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
}
