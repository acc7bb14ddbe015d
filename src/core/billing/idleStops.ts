import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { DescribeAlarmHistoryCommand, DescribeAlarmsCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from '../aws/clients';
import { describeRaw } from '../power/describePower';
import type { IdleStop } from './idleStop';

type Clients = Pick<AwsClients, 'cloudFormation' | 'ec2' | 'get'>;

/** `arn:aws:automate:<region>:ec2:stop`: the EC2 stop action of an alarm, which stops the alarm's own instance. */
export function isStopAction(arn: string, region: string): boolean {
  return arn === `arn:aws:automate:${region}:ec2:stop`;
}

/** The instance an alarm watches: its InstanceId dimension (single metric) or that of its one metric query. */
export function alarmInstance(alarm: MetricAlarm): string | undefined {
  const dimensions = [...(alarm.Dimensions ?? []), ...(alarm.Metrics ?? []).flatMap((m) => m.MetricStat?.Metric?.Dimensions ?? [])];
  return dimensions.find((d) => d.Name === 'InstanceId')?.Value;
}

/** CloudWatch writes this summary when an alarm's EC2 action ran. */
const STOP_EXECUTED = /^Successfully executed action arn:aws:automate:[a-z0-9-]+:ec2:stop$/;

async function stackAlarmNames(clients: Clients, region: string, stackId: string, signal?: AbortSignal): Promise<string[]> {
  const cfn = await clients.cloudFormation(region);
  const names: string[] = [];
  for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackId }, { abortSignal: signal })) {
    for (const r of page.StackResourceSummaries ?? []) if (r.ResourceType === 'AWS::CloudWatch::Alarm' && r.PhysicalResourceId && r.ResourceStatus !== 'DELETE_COMPLETE') names.push(r.PhysicalResourceId);
  }
  return names;
}

/**
 * Which stopped instances of the stack were stopped by their idle alarm: the stack's alarms whose
 * action is the EC2 stop action, their history of executed actions, and the instance's last start
 * (LaunchTime): a stop executed after the last start is the reason the instance is stopped now.
 */
export async function idleStops(clients: Clients, region: string, stackId: string, stoppedIds: readonly string[], signal?: AbortSignal): Promise<IdleStop[]> {
  if (stoppedIds.length === 0) return [];
  const names = await stackAlarmNames(clients, region, stackId, signal);
  if (names.length === 0) return [];
  const cloudWatch = await clients.get('cloudWatch', region);
  const { MetricAlarms = [] } = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: names.slice(0, 100) }), { abortSignal: signal });
  const watched = MetricAlarms.filter((a) => (a.AlarmActions ?? []).some((arn) => isStopAction(arn, region)) && stoppedIds.includes(alarmInstance(a) ?? ''));
  if (watched.length === 0) return [];
  const launched = new Map((await describeRaw(await clients.ec2(region), watched.map((a) => alarmInstance(a)!), signal)).map((i) => [i.InstanceId, i]));
  const found: IdleStop[] = [];
  for (const alarm of watched) {
    const instanceId = alarmInstance(alarm)!;
    const instance = launched.get(instanceId);
    if (instance?.State?.Name !== 'stopped') continue;
    const history = await cloudWatch.send(
      new DescribeAlarmHistoryCommand({ AlarmName: alarm.AlarmName, HistoryItemType: 'Action', ScanBy: 'TimestampDescending', MaxRecords: 10 }),
      { abortSignal: signal },
    );
    const stop = (history.AlarmHistoryItems ?? []).find((h) => STOP_EXECUTED.test(h.HistorySummary ?? ''));
    if (!stop?.Timestamp || (instance.LaunchTime && stop.Timestamp < instance.LaunchTime)) continue;
    const minutes = alarm.Period && alarm.EvaluationPeriods ? (alarm.Period * alarm.EvaluationPeriods) / 60 : undefined;
    found.push({
      instanceId,
      alarmName: alarm.AlarmName ?? '',
      stoppedAt: stop.Timestamp.toISOString(),
      ...(alarm.Threshold !== undefined ? { thresholdPercent: alarm.Threshold } : {}),
      ...(minutes !== undefined ? { minutes } : {}),
    });
  }
  return found;
}
