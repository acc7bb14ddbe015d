import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';

/** SSM actions (awsJson1_1): JSON in, JSON out. */
export const ssmHandlers: Record<string, (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown> = {
  GetParameter(state, region, input) {
    const name = String(input.Name ?? '');
    const param = state.parameter(region, name);
    if (!param) throw new FakeAwsError('ParameterNotFound', '', 400);
    const type = param.type ?? 'String';
    // Without WithDecryption a SecureString comes back encrypted (opaque), as in SSM.
    const value = type === 'SecureString' && input.WithDecryption !== true ? Buffer.from(`kms:${param.value.length}`).toString('base64') : param.value;
    return {
      Parameter: {
        Name: param.name,
        Type: type,
        Value: value,
        Version: 1,
        LastModifiedDate: Math.floor(state.startedAt / 1000),
        ARN: `arn:aws:ssm:${region}:${state.account.accountId}:parameter/${param.name.replace(/^\//, '')}`,
        DataType: 'text',
      },
    };
  },
  ListTagsForResource(state, region, input) {
    if (input.ResourceType !== 'Parameter') throw new FakeAwsError('InvalidResourceType', `The fake lists tags of parameters only, not ${String(input.ResourceType)}`, 400);
    const param = state.parameter(region, String(input.ResourceId ?? ''));
    if (!param) throw new FakeAwsError('InvalidResourceId', 'The resource ID is not valid. Verify that the ID and resource type are correct.', 400);
    return { TagList: Object.entries(param.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
  },
};
