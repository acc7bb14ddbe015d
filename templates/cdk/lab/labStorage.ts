import { Aws, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { secureBucket } from '../common/secureBucket';

/** ARN of a bucket (or of its objects, with '/*') known by name, without referencing the bucket resource. */
export function bucketArn(name: string, objects = false): string {
  return Fn.join('', [`arn:${Aws.PARTITION}:s3:::`, name, objects ? '/*' : '']);
}

const OBJECTS_REASON = "Object-level S3 actions need the '<bucket>/*' resource form; the bucket is this stack's own, named from its stack id.";

/** cdk-nag names an IAM5 finding after the resource; acknowledges the '<bucket>/*' of each lab bucket. */
export function acknowledgeBucketObjects(policy: Construct, prefixes: readonly ('input' | 'output')[]): void {
  const uuid = '{"Fn::Select":[2,{"Fn::Split":["/",{"Ref":"AWS::StackId"}]}]}';
  Validations.of(policy).acknowledge(
    ...prefixes.map((p) => ({ id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::lab-${p}-${uuid}/*]`, reason: OBJECTS_REASON })),
  );
}

/**
 * The stack key, the access-log bucket and the seed's two buckets. The data buckets are named from
 * the stack's unique id (`lab-input-<uuid>`, `lab-output-<uuid>`: lower case, unique, known before
 * the buckets exist), so the Lambda permission and policies can name them without referencing the
 * bucket resources; that is what keeps bucket -> notification -> permission -> function acyclic.
 */
export class LabStorage extends Construct {
  readonly key: kms.Key;
  readonly inputBucket: s3.Bucket;
  readonly outputBucket: s3.Bucket;
  readonly inputBucketName: string;
  readonly outputBucketName: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      description: 'Imaging Lab research lab: buckets, secrets, queues and logs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch Logs encrypts the flow-log, Lambda and Client VPN log groups with this key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );
    const uuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
    this.inputBucketName = Fn.join('', ['lab-input-', uuid]);
    this.outputBucketName = Fn.join('', ['lab-output-', uuid]);
    const accessLogs = secureBucket(this, 'AccessLogs', { encryptionKey: this.key });
    this.inputBucket = secureBucket(this, 'InputBucket', { encryptionKey: this.key, accessLogs });
    this.outputBucket = secureBucket(this, 'OutputBucket', { encryptionKey: this.key, accessLogs });
    (this.inputBucket.node.defaultChild as s3.CfnBucket).bucketName = this.inputBucketName;
    (this.outputBucket.node.defaultChild as s3.CfnBucket).bucketName = this.outputBucketName;
  }

  /** S3 may use the stack key on behalf of `grantee` (SSE-KMS objects), and only through S3. */
  keyThroughS3(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
    });
  }
}
