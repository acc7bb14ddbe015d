import { Duration, RemovalPolicy, Stack, Validations, type CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { embeddedLabFile } from './labFiles';
import { acknowledgeBucketObjects, bucketArn, type LabStorage } from './labStorage';

export const LAMBDA_SOURCE = 'lambda/process_image.py';

/**
 * The seed's Lambda (Python 3.13) triggered by uploads to the input bucket. The bucket notification
 * is a plain NotificationConfiguration (no CDK custom resource, so the template stays asset-free);
 * the invoke permission names the bucket by its derived name, and the bucket depends on the
 * permission, so S3 can validate the destination when it stores the configuration.
 */
export class LabPipeline extends Construct {
  readonly function: lambda.Function;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, storage: LabStorage, processedSuffix: CfnParameter) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: storage.key, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: storage.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is itself the function's dead-letter queue; failed S3 events stop here for inspection and are not processed further.",
    });

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    const policy = new iam.ManagedPolicy(this, 'Policy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [bucketArn(storage.inputBucketName, true)] }),
        new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucketArn(storage.outputBucketName, true)] }),
        storage.keyThroughS3(),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
        new iam.PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [storage.key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
        }),
      ],
    });
    acknowledgeBucketObjects(policy, ['input', 'output']);

    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.PYTHON_3_13,
      handler: 'index.handler',
      code: lambda.Code.fromInline(embeddedLabFile(LAMBDA_SOURCE)),
      description: 'Research lab: input-bucket images to the output bucket',
      role: role.withoutPolicyUpdates(),
      logGroup,
      timeout: Duration.seconds(60),
      memorySize: 256,
      deadLetterQueue: this.deadLetterQueue,
      environment: { OUTPUT_BUCKET: storage.outputBucketName, PROCESSED_SUFFIX: processedSuffix.valueAsString },
    });
    this.function.node.addDependency(policy);
    Validations.of(this.function).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason: 'Python 3.13 is the runtime the lab specifies and CDK determineLatestPythonRuntime default; the code uses the standard library and the runtime boto3 only.',
      },
      {
        id: 'HIPAA.Security-LambdaConcurrency',
        reason: 'Reserved concurrency is withheld from the account pool; student accounts (AWS Academy) have a concurrency limit of 10 and reject any reservation.',
      },
      {
        id: 'HIPAA.Security-LambdaInsideVPC',
        reason: 'The function only calls the S3 API; attaching it to the VPC would add Lambda network interfaces that delay stack deletion and need an S3 endpoint.',
      },
    );

    const permission = new lambda.CfnPermission(this, 'InvokeFromInputBucket', {
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionArn,
      principal: 's3.amazonaws.com',
      sourceAccount: stack.account,
      sourceArn: bucketArn(storage.inputBucketName),
    });
    const input = storage.inputBucket.node.defaultChild as s3.CfnBucket;
    input.notificationConfiguration = {
      lambdaConfigurations: [{ event: 's3:ObjectCreated:*', function: this.function.functionArn }],
    };
    input.addResourceDependency(permission);
  }
}
