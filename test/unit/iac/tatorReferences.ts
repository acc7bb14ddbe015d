import { SAMPLE_VALUES } from '../kinds/tator/tatorFixture';
import type { References } from './cfnEval';

// Synthesized CloudFormation JSON has no static type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export const SAMPLE_STACK_NAME = 'tator-test';
export const SAMPLE_SIGNAL_URL = 'https://cloudformation-waitcondition-us-east-1.s3.amazonaws.com/signal?X-Amz-Signature=abc';

/** The logical ids of one resource type in a synthesized template. */
export function idsOfType(template: Json, type: string): string[] {
  return Object.entries(template.Resources as Json)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** Secret ARN the sample references give a secret resource (and its attachment). */
export function sampleSecretArn(logicalId: string): string {
  return `arn:aws:secretsmanager:us-east-1:123456789012:secret:${logicalId}-AbCdEf`;
}

/**
 * Made-up values for every reference the Tator installer's user data and metadata contain, as
 * CloudFormation would resolve them for a stack named tator-test (values from SAMPLE_VALUES).
 */
export function tatorSampleReferences(template: Json, signalUrl = SAMPLE_SIGNAL_URL): References {
  const first = (type: string): string => {
    const id = idsOfType(template, type)[0];
    if (!id) throw new Error(`no ${type} in the template`);
    return id;
  };
  const refs: Record<string, string> = {
    'AWS::Region': SAMPLE_VALUES.region,
    'AWS::StackName': SAMPLE_STACK_NAME,
    AllowedCidr: SAMPLE_VALUES.allowedCidr,
    TatorImageTag: SAMPLE_VALUES.imageTag,
    [`${first('AWS::RDS::DBInstance')}.Endpoint.Address`]: SAMPLE_VALUES.databaseHost,
    [first('AWS::EFS::FileSystem')]: SAMPLE_VALUES.fileSystemId,
    [first('AWS::EKS::Cluster')]: SAMPLE_STACK_NAME,
    [first('AWS::CloudFormation::WaitConditionHandle')]: signalUrl,
  };
  const media = Object.entries(template.Resources as Json).find(([, r]) => r.Type === 'AWS::S3::Bucket' && r.Properties.CorsConfiguration);
  if (!media) throw new Error('no media bucket in the template');
  refs[media[0]] = SAMPLE_VALUES.mediaBucket;
  for (const id of [...idsOfType(template, 'AWS::SecretsManager::Secret'), ...idsOfType(template, 'AWS::SecretsManager::SecretTargetAttachment')]) {
    refs[id] = sampleSecretArn(id);
  }
  return refs;
}
