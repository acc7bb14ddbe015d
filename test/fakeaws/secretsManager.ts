import { FakeAwsError } from './errors';
import type { FakeAwsState } from './state';

/** Secrets Manager (awsJson1_1, target `secretsmanager.<Action>`); shapes as in the Secrets Manager API reference. */
export const secretsManagerHandlers: Record<string, (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown> = {
  DescribeSecret(state, region, input) {
    const secret = state.secret(region, String(input.SecretId ?? ''));
    if (!secret) throw new FakeAwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400);
    const owner = secret.stack ? state.findStack(region, secret.stack) : undefined;
    return {
      ARN: state.secretArn(region, secret.name),
      Name: secret.name,
      Tags: owner ? [{ Key: 'aws:cloudformation:stack-name', Value: owner.name }, { Key: 'aws:cloudformation:stack-id', Value: owner.stackId }] : [],
      VersionIdsToStages: { '11111111-2222-4333-8444-555555555555': ['AWSCURRENT'] },
      CreatedDate: Math.floor(state.startedAt / 1000),
    };
  },
  GetSecretValue(state, region, input) {
    const id = String(input.SecretId ?? '');
    const secret = state.secret(region, id);
    if (!secret) throw new FakeAwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400);
    return {
      ARN: state.secretArn(region, secret.name),
      Name: secret.name,
      VersionId: '11111111-2222-4333-8444-555555555555',
      SecretString: secret.value,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Math.floor(state.startedAt / 1000),
    };
  },
};
