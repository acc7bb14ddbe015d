import assert from 'node:assert/strict';
import { friendlyAwsError, isAwsSdkError } from '../../../src/core/aws/errors';

const named = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });

describe('friendly AWS errors', () => {
  it('tells exactly what to run when the SSO session expired', () => {
    const e = friendlyAwsError(named('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.'), { profile: 'research' });
    assert.equal(e.category, 'expired');
    assert.equal(e.message, "The AWS SSO session of profile 'research' has expired. Run: aws sso login --profile research");
  });

  it('explains missing credentials with the commands and variables to set', () => {
    const e = friendlyAwsError(named('CredentialsProviderError', 'Could not load credentials from any providers'));
    assert.equal(e.category, 'no-credentials');
    assert.match(e.message, /aws configure/);
    assert.match(e.message, /AWS_PROFILE/);
    assert.match(e.message, /AWS_ACCESS_KEY_ID/);
  });

  it('names an unknown profile', () => {
    const e = friendlyAwsError(named('CredentialsProviderError', 'Profile nope could not be found or parsed in shared credentials file.'), { profile: 'nope' });
    assert.match(e.message, /Profile 'nope' is not in ~\/\.aws\/config/);
  });

  it('names the IAM action on AccessDenied, from the message or the context', () => {
    assert.match(friendlyAwsError(named('AccessDenied', 'is not authorized to perform: ec2:DescribeInstances on resource')).message, /ec2:DescribeInstances/);
    assert.match(friendlyAwsError(named('UnauthorizedOperation', 'You are not authorized to perform this operation.'), { action: 'ec2:DescribeInstances' }).message, /ec2:DescribeInstances/);
  });

  it('classifies expiry, throttling, network and bad region names', () => {
    assert.equal(friendlyAwsError(named('ExpiredTokenException', 'expired')).category, 'expired');
    assert.equal(friendlyAwsError(named('ThrottlingException', 'Rate exceeded')).category, 'throttled');
    assert.equal(friendlyAwsError(named('Error', 'getaddrinfo ENOTFOUND cloudformation.us-east-1.amazonaws.com', { code: 'ENOTFOUND' }), { region: 'us-east-1' }).category, 'network');
    assert.equal(friendlyAwsError(named('Error', 'getaddrinfo ENOTFOUND', { code: 'ENOTFOUND' }), { region: 'mars-north-1' }).category, 'region');
    assert.equal(friendlyAwsError(named('Error', 'getaddrinfo ENOTFOUND', { code: 'ENOTFOUND' }), { region: 'US_EAST' }).category, 'region');
    assert.equal(friendlyAwsError(named('AbortError', 'aborted')).category, 'cancelled');
  });

  it('passes CloudFormation validation messages through', () => {
    const e = friendlyAwsError(named('ValidationError', 'Stack with id nope does not exist'));
    assert.deepEqual([e.category, e.message], ['not-found', 'Stack with id nope does not exist']);
  });

  it('tells AWS SDK errors from local ones, so only the former are mapped', () => {
    // Service and network errors from the SDK carry $metadata (network ones too, measured with a closed port).
    assert.equal(isAwsSdkError(named('ValidationError', 'Stack with id x does not exist', { $metadata: { httpStatusCode: 400 }, $fault: 'client' })), true);
    assert.equal(isAwsSdkError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED', $metadata: { attempts: 1 } })), true);
    assert.equal(isAwsSdkError(named('CredentialsProviderError', 'Could not load credentials from any providers')), true);
    assert.equal(isAwsSdkError(new Error('SSH connection to 10.0.0.5:22 failed: socket hang up')), false);
    assert.equal(isAwsSdkError(new Error('untitled:Untitled-1 is not a file on disk')), false);
    assert.equal(isAwsSdkError('a string'), false);
  });
});
