import { alarmActions, poweredInstance } from './ec2Power';
import type { FakeAwsState, StackRecord } from './state';

/** The fake's alarms: every AWS::CloudWatch::Alarm of a stack is an idle auto-stop alarm on the stack's first instance. */
function alarmsOf(state: FakeAwsState, region: string): { stack: StackRecord; name: string; instanceId: string }[] {
  return state.stacks
    .filter((s) => s.region === region && !state.isDeleted(s) && s.instances.length > 0)
    .flatMap((stack) => stack.resources.filter((r) => r.type === 'AWS::CloudWatch::Alarm').map((r) => ({ stack, name: r.physicalId, instanceId: stack.instances[0]!.instanceId })));
}

const seconds = (ms: number) => ms / 1000;

/**
 * CloudWatch (awsJson1_0, target GraniteServiceVersion20100801; timestamps in epoch seconds):
 * DescribeAlarms by name and DescribeAlarmHistory of executed actions, as the templates' idle
 * alarms would report them (idleStop.ts: ImagingLab/IdleStop ActivityPercent, 10 % for 60 min).
 */
export const cloudWatchHandlers: Record<string, (state: FakeAwsState, region: string, input: Record<string, unknown>) => unknown> = {
  DescribeAlarms(state, region, input) {
    const names = Array.isArray(input.AlarmNames) ? input.AlarmNames.map(String) : undefined;
    const alarms = alarmsOf(state, region).filter((a) => !names || names.includes(a.name));
    return {
      MetricAlarms: alarms.map((a) => {
        const fired = alarmActions(state).some((x) => x.alarmName === a.name);
        const instance = a.stack.instances.find((i) => i.instanceId === a.instanceId);
        return {
          AlarmName: a.name,
          AlarmArn: `arn:aws:cloudwatch:${region}:${state.account.accountId}:alarm:${a.name}`,
          ActionsEnabled: true,
          AlarmActions: [`arn:aws:automate:${region}:ec2:stop`],
          OKActions: [],
          InsufficientDataActions: [],
          StateValue: fired && instance && poweredInstance(state, instance).state !== 'running' ? 'ALARM' : 'OK',
          StateUpdatedTimestamp: seconds(state.startedAt),
          Namespace: 'ImagingLab/IdleStop',
          MetricName: 'ActivityPercent',
          Dimensions: [{ Name: 'InstanceId', Value: a.instanceId }],
          Statistic: 'Maximum',
          Period: 300,
          EvaluationPeriods: 12,
          DatapointsToAlarm: 12,
          Threshold: 10,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'notBreaching',
        };
      }),
      CompositeAlarms: [],
    };
  },
  DescribeAlarmHistory(state, region, input) {
    const name = String(input.AlarmName ?? '');
    const type = input.HistoryItemType;
    const items = alarmActions(state)
      .filter((a) => a.region === region && a.alarmName === name && (type === undefined || type === 'Action'))
      .sort((a, b) => b.at - a.at)
      .map((a) => ({
        AlarmName: a.alarmName,
        AlarmType: 'MetricAlarm',
        Timestamp: seconds(a.at),
        HistoryItemType: 'Action',
        HistorySummary: `Successfully executed action arn:aws:automate:${region}:ec2:stop`,
        HistoryData: JSON.stringify({ actionState: 'Succeeded', stateUpdateTimestamp: a.at, notificationResource: `arn:aws:automate:${region}:ec2:stop`, publishedMessage: null }),
      }));
    return { AlarmHistoryItems: items.slice(0, Number(input.MaxRecords ?? 100) || 100) };
  },
};
