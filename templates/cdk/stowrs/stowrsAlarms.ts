import { Aws, Duration, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StowrsEndpoint } from './stowrsEndpoint';

/**
 * Alarms on what the service's JSON log says (5xx answers, parts S3 did not take) and on the load
 * balancer's view of the instance, published to an encrypted topic.
 */
export class StowrsAlarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, serviceLogs: logs.ILogGroup, endpoint: StowrsEndpoint, key: kms.IKey) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Imaging Lab STOW-RS alarms', masterKey: key, enforceSSL: true });
    const namespace = Fn.join('/', ['ImagingLab/StowRs', Aws.STACK_NAME]);
    const fromLog = (metricId: string, pattern: string): cloudwatch.Metric => {
      new logs.MetricFilter(this, `${metricId}Filter`, {
        logGroup: serviceLogs,
        filterPattern: logs.FilterPattern.literal(pattern),
        metricNamespace: namespace,
        metricName: metricId,
        metricValue: '1',
        defaultValue: 0,
      });
      return new cloudwatch.Metric({ namespace, metricName: metricId, statistic: 'Sum', period: Duration.minutes(5) });
    };
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string, when: { below?: boolean; periods?: number } = {}) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: when.periods ?? 1,
        comparisonOperator: when.below ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD : cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data from the load balancer means no healthy host to count; no log line means no error.
        treatMissingData: when.below ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      a.addOkAction(new actions.SnsAction(this.topic));
      return a;
    };
    alarm('Http5xx', fromLog('Http5xx', '{ $.event = "request" && $.status >= 500 }'), 'The STOW-RS service answered 5xx (see its log group).');
    alarm('S3WriteFailures', fromLog('PartsNotStored', '{ $.event = "part-not-stored" }'), 'S3 refused or failed parts the service received.');
    alarm(
      'NoHealthyInstance',
      new cloudwatch.Metric({
        namespace: 'AWS/NetworkELB',
        metricName: 'HealthyHostCount',
        dimensionsMap: { LoadBalancer: endpoint.loadBalancer.loadBalancerFullName, TargetGroup: endpoint.targetGroup.attrTargetGroupFullName },
        statistic: 'Minimum',
        period: Duration.minutes(1),
      }),
      'The load balancer has no healthy STOW-RS instance (it is being replaced, or cannot start).',
      { below: true, periods: 3 },
    );
  }
}
