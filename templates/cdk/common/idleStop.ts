import { Aws, CfnCondition, CfnMapping, CfnParameter, Fn, Stack, Token, Validations, type ICfnConditionExpression } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { readScript } from './scriptFile';

/** Where the activity reporter (templates/scripts/idle-activity.sh) publishes. */
export const IDLE_NAMESPACE = 'ImagingLab/IdleStop';
export const IDLE_METRIC = 'ActivityPercent';

/**
 * Default threshold: 10 %. The busiest minute of every five must stay below it. One busy vCPU of
 * the smallest GPU type (g4dn.xlarge, 4 vCPUs) is 25 %, and any inference or training keeps GPU
 * utilisation far above 10 %, so real work never looks idle; an MDE or Jupyter server waiting for
 * work (containers polling queues, sshd, the CloudWatch reporter itself) stays in low single digits.
 */
export const IDLE_DEFAULT_THRESHOLD = 10;
/** Default: an hour idle. A lunch break or a meeting does not cost a restart; a night or a weekend is not billed. */
export const IDLE_DEFAULT_MINUTES = 60;
export const IDLE_MINUTES = [15, 30, 45, 60, 90, 120, 180, 240, 360, 480] as const;
/** The alarm looks at five-minute periods (works with basic and detailed monitoring alike). */
const PERIOD_SECONDS = 300;

/** NVIDIA GPU families (g4dn, g5, g6, g6e, p3, p4d, p5...): where idle stop is on by default. */
export function isGpuInstanceType(type: string): boolean {
  return /^(g\d|p\d|gr\d)[a-z]*\./.test(type);
}

/** What the alarm needs of an instance: its id (an `ec2.Instance`, or `{ instanceId: cfnInstance.ref, role }`). */
export interface IdleStopInstance {
  readonly instanceId: string;
  /** Needed with `activity: 'cpu-and-gpu'` (the reporter publishes with it). */
  readonly role?: iam.IRole;
}

/** Another instance of the same stack, stopped under the same IdleStop parameters by an alarm of its own. */
export interface IdleStopOther {
  /** Names its alarm and condition (e.g. `FileGator`: IdleStopOnFileGator). */
  readonly id: string;
  readonly instance: IdleStopInstance;
  readonly instanceType: CfnParameter;
  readonly allowedTypes: readonly string[];
  /** The instance exists only under this condition (an optional part of the stack). */
  readonly condition?: CfnCondition;
}

export interface IdleStopProps {
  readonly instance: IdleStopInstance;
  /** The instance type parameter; `auto` turns idle stop on when its value is one of `gpuTypes`. */
  readonly instanceType: CfnParameter;
  /** The parameter's allowed values; the GPU ones decide `auto`. */
  readonly allowedTypes: readonly string[];
  /**
   * `cpu-and-gpu`: the instance runs the activity reporter (idleReporterUserData) and the alarm
   * watches its metric, the busier of CPU and GPU; `cpu`: the alarm watches AWS/EC2 CPUUtilization.
   */
  readonly activity: 'cpu' | 'cpu-and-gpu';
  /** More instances (the research lab's FileGator): each its own alarm, `activity: 'cpu'` only. */
  readonly others?: readonly IdleStopOther[];
}

/** Or() of up to 10 conditions per level, as CloudFormation allows; a single one stands alone. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) return conditions[0]!;
  if (conditions.length <= 10) return Fn.conditionOr(...conditions);
  const groups: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += 10) groups.push(anyOf(conditions.slice(i, i + 10)));
  return anyOf(groups);
}

/**
 * Idle auto-stop: a CloudWatch alarm on the instance's activity that, after N minutes below a
 * threshold, runs the EC2 stop action (`arn:aws:automate:<region>:ec2:stop`), which stops the
 * instance named by the alarm's InstanceId dimension: its own instance, nothing else. Parameters:
 * IdleStop (auto = on for GPU types, on, off), IdleStopThreshold (%), IdleStopMinutes.
 * Missing data (instance stopped, reporter not yet up) counts as not idle, so the alarm returns to
 * OK while the instance is stopped and can fire again after the next start.
 */
export class IdleStop extends Construct {
  readonly mode: CfnParameter;
  readonly threshold: CfnParameter;
  readonly minutes: CfnParameter;
  readonly enabled: CfnCondition;
  readonly alarm: cloudwatch.CfnAlarm;

  constructor(scope: Construct, id: string, props: IdleStopProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.mode = new CfnParameter(stack, 'IdleStop', {
      type: 'String',
      default: 'auto',
      allowedValues: ['auto', 'on', 'off'],
      description:
        'Stop the instance by itself when it has been idle: auto (on for GPU instance types), on, or off. A stopped instance keeps its volumes and costs only their storage; start it again from Imaging Lab.',
    });
    this.threshold = new CfnParameter(stack, 'IdleStopThreshold', {
      type: 'Number',
      default: IDLE_DEFAULT_THRESHOLD,
      minValue: 1,
      maxValue: 50,
      description: `Idle means ${props.activity === 'cpu' ? 'CPU utilisation' : 'the busier of CPU and GPU utilisation'} stays below this percent (default ${IDLE_DEFAULT_THRESHOLD}: one busy core of a 4-vCPU instance is 25).`,
      constraintDescription: 'must be a whole percent from 1 to 50.',
    });
    this.minutes = new CfnParameter(stack, 'IdleStopMinutes', {
      type: 'Number',
      default: String(IDLE_DEFAULT_MINUTES),
      allowedValues: IDLE_MINUTES.map(String),
      description: 'How long the instance must stay idle before it is stopped, in minutes.',
    });
    new CfnMapping(stack, 'IdleStopPeriods', {
      mapping: Object.fromEntries(IDLE_MINUTES.map((m) => [String(m), { Periods: m / (PERIOD_SECONDS / 60) }])),
    });

    this.enabled = new CfnCondition(stack, 'IdleStopOn', { expression: this.enabledFor(props.instanceType, props.allowedTypes) });
    this.alarm = this.alarmFor('Alarm', props.instance.instanceId, props.activity, this.enabled);
    for (const other of props.others ?? []) {
      const own = this.enabledFor(other.instanceType, other.allowedTypes);
      const enabled = new CfnCondition(stack, `IdleStopOn${other.id}`, { expression: other.condition ? Fn.conditionAnd(own, other.condition) : own });
      this.alarmFor(`${other.id}Alarm`, other.instance.instanceId, 'cpu', enabled);
    }

    if (props.activity === 'cpu-and-gpu') {
      if (!props.instance.role) throw new Error('idle stop with cpu-and-gpu activity needs the instance role (the reporter publishes with it)');
      this.allowPublishing(props.instance.role);
    }
  }

  /** on, or auto with one of the GPU types chosen. */
  private enabledFor(instanceType: CfnParameter, allowedTypes: readonly string[]): ICfnConditionExpression {
    const gpuTypes = allowedTypes.filter(isGpuInstanceType);
    const auto = Fn.conditionEquals(this.mode.valueAsString, 'auto');
    const on = Fn.conditionEquals(this.mode.valueAsString, 'on');
    const gpu = gpuTypes.length > 0 ? anyOf(gpuTypes.map((t) => Fn.conditionEquals(instanceType.valueAsString, t))) : undefined;
    return gpu ? Fn.conditionOr(on, Fn.conditionAnd(auto, gpu)) : on;
  }

  /** The alarm whose action stops the instance named by its InstanceId dimension. */
  private alarmFor(id: string, instanceId: string, activity: IdleStopProps['activity'], enabled: CfnCondition): cloudwatch.CfnAlarm {
    const periods = Token.asNumber(Fn.findInMap('IdleStopPeriods', this.minutes.valueAsString, 'Periods'));
    const metric =
      activity === 'cpu-and-gpu'
        ? { namespace: IDLE_NAMESPACE, metricName: IDLE_METRIC }
        : { namespace: 'AWS/EC2', metricName: 'CPUUtilization' };
    const alarm = new cloudwatch.CfnAlarm(this, id, {
      alarmDescription: `Imaging Lab idle auto-stop: stops instance of stack ${Aws.STACK_NAME} when its activity stays below the IdleStopThreshold for IdleStopMinutes.`,
      ...metric,
      dimensions: [{ name: 'InstanceId', value: instanceId }],
      statistic: 'Maximum',
      period: PERIOD_SECONDS,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      threshold: this.threshold.valueAsNumber,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'notBreaching',
      actionsEnabled: true,
      alarmActions: [`arn:${Aws.PARTITION}:automate:${Aws.REGION}:ec2:stop`],
    });
    alarm.cfnOptions.condition = enabled;
    return alarm;
  }

  /** The reporter's only permission: PutMetricData, limited by condition to its own namespace. */
  private allowPublishing(role: iam.IRole): void {
    const policy = new iam.ManagedPolicy(this, 'PublishActivity', {
      description: 'Idle auto-stop: publish this instance activity metric (its own namespace only)',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': IDLE_NAMESPACE } },
        }),
      ],
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudwatch:PutMetricData has no resource-level permissions (Service Authorization Reference); the cloudwatch:namespace condition confines it to ImagingLab/IdleStop.',
    });
  }
}

/** The script without its comment lines (user data is limited to 16 KB); the shebang stays. */
function withoutComments(script: string): string {
  return script
    .trimEnd()
    .split('\n')
    .filter((line, i) => i === 0 || !/^\s*#/.test(line))
    .join('\n');
}

/**
 * User-data lines that install and start the activity reporter (a systemd service) before the
 * kind's own installer runs, so even a failed install is stopped when idle. The same lines for
 * every kind: they do not depend on the IdleStop parameters, so changing those never changes the
 * user data (which would replace an instance).
 */
export function idleReporterUserData(): string {
  return [
    '# Imaging Lab idle auto-stop: publish this instance activity (busier of CPU and GPU) every minute.',
    'install -d -m 0755 /usr/local/lib/imaging-lab',
    "cat >/usr/local/lib/imaging-lab/idle-activity.sh <<'IMAGING_LAB_IDLE_SCRIPT'",
    withoutComments(readScript('idle-activity.sh')),
    'IMAGING_LAB_IDLE_SCRIPT',
    'chmod 0755 /usr/local/lib/imaging-lab/idle-activity.sh',
    "cat >/etc/systemd/system/imaging-lab-idle-activity.service <<'IMAGING_LAB_IDLE_UNIT'",
    readScript('imaging-lab-idle-activity.service').trimEnd(),
    'IMAGING_LAB_IDLE_UNIT',
    'systemctl daemon-reload && systemctl enable --now imaging-lab-idle-activity.service || echo "imaging-lab: the idle activity reporter did not start" >&2',
    '',
  ].join('\n');
}
