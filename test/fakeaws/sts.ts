import type { FakeAwsState } from './state';
import type { XmlValue } from './xml';

/** STS actions (awsQuery). */
export const stsHandlers: Record<string, (state: FakeAwsState) => XmlValue> = {
  GetCallerIdentity(state) {
    return {
      UserId: 'AIDAFAKEUSERID000001',
      Account: state.account.accountId,
      Arn: `arn:aws:iam::${state.account.accountId}:user/${state.account.userName}`,
    };
  },
};
