import assert from 'node:assert/strict';
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmHistoryCommand, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { idleStopText } from '../../../src/core/billing/idleStop';
import { idleStops } from '../../../src/core/billing/idleStops';
import { instanceShape, reservations } from '../power/ec2Shapes';
import { mockDuringSuite, testClients } from '../ssh/awsFakes';

const REGION = 'us-east-1';
const STACK = 'arn:aws:cloudformation:us-east-1:111122223333:stack/mde-a/0a1b';
const ID = 'i-0abc1234567890def';
const ALARM = 'mde-a-IdleStopAlarm-1X2Y3Z';

function alarm(overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    AlarmName: ALARM,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:111122223333:alarm:${ALARM}`,
    ActionsEnabled: true,
    AlarmActions: [`arn:aws:automate:${REGION}:ec2:stop`],
    Namespace: 'ImagingLab/IdleStop',
    MetricName: 'ActivityPercent',
    Dimensions: [{ Name: 'InstanceId', Value: ID }],
    Statistic: 'Maximum',
    Period: 300,
    EvaluationPeriods: 12,
    Threshold: 10,
    ComparisonOperator: 'LessThanThreshold',
    StateValue: 'ALARM',
    ...overrides,
  };
}

const EXECUTED = {
  AlarmName: ALARM,
  AlarmType: 'MetricAlarm' as const,
  Timestamp: new Date('2026-11-29T18:02:11.203Z'),
  HistoryItemType: 'Action' as const,
  HistorySummary: 'Successfully executed action arn:aws:automate:us-east-1:ec2:stop',
  HistoryData: '{"actionState":"Succeeded","stateUpdateTimestamp":1795974131203,"notificationResource":"arn:aws:automate:us-east-1:ec2:stop","publishedMessage":null}',
};

describe('idle-stop history from CloudWatch alarm history', () => {
  const cfn = mockDuringSuite(CloudFormationClient);
  const ec2 = mockDuringSuite(EC2Client);
  const cloudWatch = mockDuringSuite(CloudWatchClient);

  beforeEach(() => {
    cfn.on(ListStackResourcesCommand).resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'MdeInstance', PhysicalResourceId: ID, ResourceType: 'AWS::EC2::Instance', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        { LogicalResourceId: 'IdleStopAlarm', PhysicalResourceId: ALARM, ResourceType: 'AWS::CloudWatch::Alarm', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      ],
    });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'stopped', launchTime: '2026-11-29T08:00:00Z' })));
    cloudWatch.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [EXECUTED] });
  });

  it('shows a stopped instance as stopped for being idle, with the rule and the time', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm()] });
    const stops = await idleStops(testClients(), REGION, STACK, [ID]);
    assert.deepEqual(stops, [{ instanceId: ID, alarmName: ALARM, stoppedAt: '2026-11-29T18:02:11.203Z', thresholdPercent: 10, minutes: 60 }]);
    assert.equal(idleStopText(stops[0]!), 'stopped for being idle (activity below 10% for 60 min) at 2026-11-29 18:02 UTC');
    assert.deepEqual(cloudWatch.commandCalls(DescribeAlarmHistoryCommand)[0]?.args[0].input, { AlarmName: ALARM, HistoryItemType: 'Action', ScanBy: 'TimestampDescending', MaxRecords: 10 });
  });

  it('does not blame the alarm for a stop that happened after a later start', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm()] });
    ec2.on(DescribeInstancesCommand).resolves(reservations(instanceShape(ID, { state: 'stopped', launchTime: '2026-11-29T19:00:00Z' })));
    assert.deepEqual(await idleStops(testClients(), REGION, STACK, [ID]), []);
  });

  it('ignores alarms whose action is not the EC2 stop action of this region, and failed actions', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm({ AlarmActions: ['arn:aws:sns:us-east-1:111122223333:ops'] }), alarm({ AlarmName: 'other', AlarmActions: ['arn:aws:automate:eu-west-1:ec2:stop'] })] });
    assert.deepEqual(await idleStops(testClients(), REGION, STACK, [ID]), []);
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm()] });
    cloudWatch.on(DescribeAlarmHistoryCommand).resolves({ AlarmHistoryItems: [{ ...EXECUTED, HistorySummary: 'Failed to execute action arn:aws:automate:us-east-1:ec2:stop' }] });
    assert.deepEqual(await idleStops(testClients(), REGION, STACK, [ID]), []);
  });

  it('asks CloudWatch nothing when no instance is stopped', async () => {
    assert.deepEqual(await idleStops(testClients(), REGION, STACK, []), []);
    assert.equal(cloudWatch.commandCalls(DescribeAlarmsCommand).length + cfn.commandCalls(ListStackResourcesCommand).length, 0);
  });
});
