import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { CfnParameter } from 'aws-cdk-lib';
import { IDLE_DEFAULT_MINUTES, IDLE_DEFAULT_THRESHOLD, IDLE_METRIC, IDLE_MINUTES, IDLE_NAMESPACE, IdleStop, isGpuInstanceType } from '../../../templates/cdk/common/idleStop';
import { newPlainApp, plainStackProps, templateOf } from '../../../templates/cdk/common/plainApp';
import { SCRIPTS_DIR } from '../../../templates/cdk/common/scriptFile';
import { STACK_COST_TAG, StackBudget, tagStackCosts } from '../../../templates/cdk/common/stackBudget';
import { evaluate } from './cfnEval';
import { mdeSynth, synthOf } from './synthFixture';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** Evaluates a CloudFormation condition (Fn::Equals/And/Or/Not, Condition, Ref) for given parameter values. */
function holds(template: Json, expression: unknown, params: Record<string, string>): boolean {
  const value = (v: unknown): string => (typeof v === 'object' && v !== null && 'Ref' in v ? (params[(v as { Ref: string }).Ref] ?? String(template.Parameters[(v as { Ref: string }).Ref]?.Default)) : String(v));
  const [fn, arg] = Object.entries(expression as Json)[0]!;
  if (fn === 'Fn::Equals') return value(arg[0]) === value(arg[1]);
  if (fn === 'Fn::And') return (arg as unknown[]).every((c) => holds(template, c, params));
  if (fn === 'Fn::Or') return (arg as unknown[]).some((c) => holds(template, c, params));
  if (fn === 'Fn::Not') return !holds(template, arg[0], params);
  if (fn === 'Condition') return holds(template, template.Conditions[arg], params);
  throw new Error(`condition function ${fn}`);
}

function ofType(template: Json, type: string): [string, Json][] {
  return Object.entries(template.Resources as Json).filter(([, r]) => r.Type === type);
}

/** A stack with one instance whose type parameter allows CPU and GPU types, the idle stop and the budget. */
function mixedStack(activity: 'cpu' | 'cpu-and-gpu'): { stack: Stack; template: Json } {
  const stack = new Stack(newPlainApp(), `Idle${activity === 'cpu' ? 'Cpu' : 'Gpu'}`, plainStackProps('idle stop test stack'));
  const allowed = ['t3.medium', 'm5.large', 'g4dn.xlarge', 'g5.xlarge', 'p3.2xlarge'];
  const type = new CfnParameter(stack, 'InstanceType', { type: 'String', default: 't3.medium', allowedValues: allowed });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
  const instance = new ec2.Instance(stack, 'Instance', { vpc, instanceType: new ec2.InstanceType(type.valueAsString), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  new IdleStop(stack, 'IdleAutoStop', { instance, instanceType: type, allowedTypes: allowed, activity });
  new StackBudget(stack, 'CostBudget');
  tagStackCosts(stack);
  return { stack, template: templateOf(stack) as Json };
}

describe('idle auto-stop and budget in the templates', function () {
  this.timeout(180_000);

  it('MDE: one alarm whose only action is the EC2 stop action, on its own instance only', () => {
    const template = mdeSynth().template as Json;
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm');
    assert.equal(alarms.length, 1);
    const [, alarm] = alarms[0]!;
    const p = alarm.Properties;
    assert.deepEqual(p.AlarmActions.map((a: unknown) => evaluate(a, { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1' })), ['arn:aws:automate:eu-west-1:ec2:stop']);
    assert.deepEqual(p.Dimensions, [{ Name: 'InstanceId', Value: { Ref: 'MdeInstance' } }], 'the stop action stops the instance of this dimension: its own');
    assert.equal(p.OKActions, undefined);
    assert.equal(p.InsufficientDataActions, undefined);
    assert.equal(p.Metrics, undefined, 'a single per-instance metric: EC2 actions need one');
    assert.deepEqual([p.Namespace, p.MetricName, p.Statistic, p.Period, p.ComparisonOperator, p.TreatMissingData], [IDLE_NAMESPACE, IDLE_METRIC, 'Maximum', 300, 'LessThanThreshold', 'notBreaching']);
    assert.deepEqual(p.Threshold, { Ref: 'IdleStopThreshold' });
    assert.equal(alarm.Condition, 'IdleStopOn');
  });

  it('MDE: on by default (every MDE type is a GPU type), off when asked, with the chosen defaults', () => {
    const template = mdeSynth().template as Json;
    const on = (params: Record<string, string>) => holds(template, template.Conditions.IdleStopOn, params);
    assert.equal(on({}), true, 'defaults: auto with g4dn.xlarge');
    assert.equal(on({ IdleStop: 'off' }), false);
    assert.equal(on({ IdleStop: 'on', InstanceType: 'g6e.xlarge' }), true);
    assert.equal(template.Parameters.IdleStopThreshold.Default, IDLE_DEFAULT_THRESHOLD);
    assert.equal(template.Parameters.IdleStopMinutes.Default, String(IDLE_DEFAULT_MINUTES));
    assert.equal(IDLE_DEFAULT_THRESHOLD, 10);
  });

  it('Orthanc: the same alarm on AWS/EC2 CPUUtilization of its own instance, off by default (no GPU type), on when asked; a Costs group with the budget', () => {
    const template = synthOf('orthanc').template as Json;
    const alarms = ofType(template, 'AWS::CloudWatch::Alarm');
    assert.equal(alarms.length, 1);
    const [, alarm] = alarms[0]!;
    const p = alarm.Properties;
    assert.deepEqual(p.AlarmActions.map((a: unknown) => evaluate(a, { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1' })), ['arn:aws:automate:eu-west-1:ec2:stop']);
    assert.deepEqual(p.Dimensions, [{ Name: 'InstanceId', Value: { Ref: 'OrthancInstance' } }]);
    assert.deepEqual([p.Namespace, p.MetricName, p.OKActions, p.InsufficientDataActions], ['AWS/EC2', 'CPUUtilization', undefined, undefined]);
    const on = (params: Record<string, string>) => holds(template, template.Conditions.IdleStopOn, params);
    assert.deepEqual([on({}), on({ InstanceType: 'm6i.xlarge' }), on({ IdleStop: 'on' })], [false, false, true]);
    assert.equal(ofType(template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('IdleAutoStop')).length, 0, 'CPU only: no reporter, no permission');
    const groups = (template.Metadata as Json)['AWS::CloudFormation::Interface'].ParameterGroups as { Label: { default: string }; Parameters: string[] }[];
    assert.deepEqual(groups.find((g) => g.Label.default === 'Costs')?.Parameters, ['IdleStop', 'IdleStopThreshold', 'IdleStopMinutes', 'BudgetEmail', 'BudgetMonthlyUsd']);
    assert.equal(ofType(template, 'AWS::Budgets::Budget')[0]?.[1].Condition, 'BudgetOn');
  });

  it('research lab: one alarm per instance (Jupyter always, FileGator only with it), each stopping its own instance; off by default (no GPU type); a Costs group with the budget', () => {
    const template = synthOf('lab').template as Json;
    const alarms = Object.fromEntries(ofType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => [a.Properties.Dimensions[0].Value.Ref, a]));
    assert.deepEqual(Object.keys(alarms).sort(), ['FileGatorInstance', 'JupyterInstance']);
    for (const alarm of Object.values(alarms) as Json[]) {
      const p = alarm.Properties;
      assert.deepEqual(p.AlarmActions.map((a: unknown) => evaluate(a, { 'AWS::Partition': 'aws', 'AWS::Region': 'eu-west-1' })), ['arn:aws:automate:eu-west-1:ec2:stop']);
      assert.equal(p.Dimensions.length, 1, 'the stop action acts on the one instance of its dimension');
      assert.deepEqual([p.Namespace, p.MetricName, p.OKActions, p.InsufficientDataActions], ['AWS/EC2', 'CPUUtilization', undefined, undefined]);
      assert.deepEqual(p.Threshold, { Ref: 'IdleStopThreshold' });
    }
    const on = (alarm: Json, params: Record<string, string>) => holds(template, template.Conditions[alarm.Condition], params);
    const jupyter = alarms.JupyterInstance as Json;
    const fileGator = alarms.FileGatorInstance as Json;
    assert.deepEqual([on(jupyter, {}), on(jupyter, { IdleStop: 'on' }), on(jupyter, { IdleStop: 'on', JupyterInstanceType: 'm5.large' })], [false, true, true]);
    assert.deepEqual(
      [on(fileGator, { IdleStop: 'on' }), on(fileGator, { IdleStop: 'on', EnableFileGator: 'true' }), on(fileGator, { EnableFileGator: 'true' })],
      [false, true, false],
      'no alarm for a FileGator instance that does not exist',
    );
    assert.equal(ofType(template, 'AWS::IAM::ManagedPolicy').filter(([id]) => id.startsWith('IdleAutoStop')).length, 0, 'CPU only: no reporter, no permission');
    const groups = (template.Metadata as Json)['AWS::CloudFormation::Interface'].ParameterGroups as { Label: { default: string }; Parameters: string[] }[];
    assert.deepEqual(groups.at(-1), { Label: { default: 'Costs' }, Parameters: ['IdleStop', 'IdleStopThreshold', 'IdleStopMinutes', 'BudgetEmail', 'BudgetMonthlyUsd'] });
    assert.equal(ofType(template, 'AWS::Budgets::Budget')[0]?.[1].Condition, 'BudgetOn');
    for (const id of ['JupyterInstance', 'FileGatorInstance', 'NetworkNatGateway']) {
      const tags = (template.Resources[id]?.Properties.Tags ?? []) as Json[];
      assert.ok(tags.some((t) => t.Key === STACK_COST_TAG && t.Value.Ref === 'AWS::StackName'), `${id} carries the cost tag`);
    }
  });

  it('auto is on for GPU types and off for CPU types; on and off override it', () => {
    const { template } = mixedStack('cpu');
    const on = (params: Record<string, string>) => holds(template, template.Conditions.IdleStopOn, params);
    assert.equal(on({ InstanceType: 't3.medium' }), false);
    assert.equal(on({ InstanceType: 'g5.xlarge' }), true);
    assert.equal(on({ InstanceType: 'p3.2xlarge' }), true);
    assert.equal(on({ InstanceType: 'm5.large', IdleStop: 'on' }), true);
    assert.equal(on({ InstanceType: 'g4dn.xlarge', IdleStop: 'off' }), false);
    assert.deepEqual(['g4dn.xlarge', 'g6e.xlarge', 'p5.48xlarge', 'gr6.4xlarge', 't3.micro', 'm5.large', 'c7g.large'].map(isGpuInstanceType), [true, true, true, true, false, false, false]);
  });

  it('the CPU-only variant watches AWS/EC2 CPUUtilization of its own instance and needs no permission', () => {
    const { template } = mixedStack('cpu');
    const [, alarm] = ofType(template, 'AWS::CloudWatch::Alarm')[0]!;
    assert.deepEqual([alarm.Properties.Namespace, alarm.Properties.MetricName], ['AWS/EC2', 'CPUUtilization']);
    assert.equal(alarm.Properties.Dimensions[0].Value.Ref, ofType(template, 'AWS::EC2::Instance')[0]![0]);
    assert.equal(ofType(template, 'AWS::IAM::ManagedPolicy').length, 0);
  });

  it('idle minutes become five-minute evaluation periods, all breaching, within CloudWatch limits', () => {
    const template = mdeSynth().template as Json;
    const [, alarm] = ofType(template, 'AWS::CloudWatch::Alarm')[0]!;
    assert.deepEqual(alarm.Properties.EvaluationPeriods, { 'Fn::FindInMap': ['IdleStopPeriods', { Ref: 'IdleStopMinutes' }, 'Periods'] });
    assert.deepEqual(alarm.Properties.DatapointsToAlarm, alarm.Properties.EvaluationPeriods);
    assert.deepEqual(template.Parameters.IdleStopMinutes.AllowedValues, IDLE_MINUTES.map(String));
    for (const minutes of IDLE_MINUTES) {
      const periods = template.Mappings.IdleStopPeriods[String(minutes)].Periods;
      assert.equal(periods * 300, minutes * 60);
      assert.ok(periods * 300 <= 86_400);
    }
  });

  it('MDE: the reporter publishes the metric the alarm watches, with PutMetricData confined to that namespace', () => {
    const script = readFileSync(join(SCRIPTS_DIR, 'idle-activity.sh'), 'utf8');
    assert.match(script, new RegExp(`^readonly NAMESPACE=${IDLE_NAMESPACE}$`, 'm'));
    assert.match(script, new RegExp(`^readonly METRIC=${IDLE_METRIC}$`, 'm'));
    const template = mdeSynth().template as Json;
    const [, policy] = ofType(template, 'AWS::IAM::ManagedPolicy').find(([, p]) => JSON.stringify(p).includes('PutMetricData'))!;
    assert.deepEqual(policy.Properties.PolicyDocument.Statement, [
      { Action: 'cloudwatch:PutMetricData', Condition: { StringEquals: { 'cloudwatch:namespace': IDLE_NAMESPACE } }, Effect: 'Allow', Resource: '*' },
    ]);
    assert.deepEqual(policy.Properties.Roles, [{ Ref: 'ServerRoleB6C85082' }]);
    const userData = evaluate(template.Resources.MdeInstance.Properties.UserData['Fn::Base64'], new Proxy({}, { get: (_t, name) => `placeholder-${String(name)}` }));
    const reporter = userData.indexOf('systemctl enable --now imaging-lab-idle-activity.service');
    assert.ok(reporter > 0 && reporter < userData.indexOf('ensure_tools() {'), 'the reporter starts before the MDE installer, so a failed install still stops when idle');
    assert.ok(Buffer.byteLength(userData) < 16_384 - 1_500, `user data ${Buffer.byteLength(userData)} bytes leaves room for long ARNs under the 16 KB limit`);
  });

  it('budget: created only with an e-mail, monthly cost of the stack tag, alerts at 80 % and 100 %', () => {
    const template = mdeSynth().template as Json;
    const [, budget] = ofType(template, 'AWS::Budgets::Budget')[0]!;
    assert.equal(budget.Condition, 'BudgetOn');
    assert.equal(holds(template, template.Conditions.BudgetOn, {}), false, 'no e-mail, no budget');
    assert.equal(holds(template, template.Conditions.BudgetOn, { BudgetEmail: 'pi@lab.example' }), true);
    const data = budget.Properties.Budget;
    assert.deepEqual([data.BudgetType, data.TimeUnit, data.BudgetLimit], ['COST', 'MONTHLY', { Amount: { Ref: 'BudgetMonthlyUsd' }, Unit: 'USD' }]);
    assert.equal(evaluate(data.CostFilters.TagKeyValue[0], { 'AWS::StackName': 'mde-a' }), `user:${STACK_COST_TAG}$mde-a`);
    assert.deepEqual(
      budget.Properties.NotificationsWithSubscribers.map((n: Json) => [n.Notification.NotificationType, n.Notification.ComparisonOperator, n.Notification.Threshold, n.Notification.ThresholdType, n.Subscribers]),
      [80, 100].map((t) => ['ACTUAL', 'GREATER_THAN', t, 'PERCENTAGE', [{ Address: { Ref: 'BudgetEmail' }, SubscriptionType: 'EMAIL' }]]),
    );
    const pattern = new RegExp(template.Parameters.BudgetEmail.AllowedPattern);
    for (const ok of ['', 'pi@lab.example', 'a.b+c@uni-x.ac.uk']) assert.ok(pattern.test(ok), ok);
    for (const bad of ['x1', 'a@b', 'a b@c.de', '"a"@b.cd']) assert.ok(!pattern.test(bad), bad);
    const instance = template.Resources.MdeInstance.Properties;
    assert.ok(instance.Tags.some((t: Json) => t.Key === STACK_COST_TAG && t.Value.Ref === 'AWS::StackName'));
    assert.equal(instance.PropagateTagsToVolumeOnCreation, true, 'the root volume carries the cost tag too');
  });

  it('is cdk-nag clean (AwsSolutions and HIPAA) in a stack of its own, with both activity sources', () => {
    for (const activity of ['cpu', 'cpu-and-gpu'] as const) {
      const { stack } = mixedStack(activity);
      const ours = stack.node.findAll().filter((c) => /IdleAutoStop|CostBudget/.test(c.node.path));
      for (const pack of [new AwsSolutionsChecks(), new HIPAASecurityChecks()]) {
        const findings = pack.validateScope(stack).violations.flatMap((v) => v.violatingResources.filter((r) => ours.some((c) => (r.constructPath ?? '').startsWith(c.node.path))).map((r) => `${v.ruleName} ${r.constructPath}`));
        assert.deepEqual(findings, [], `${activity}: ${findings.join(', ')}`);
      }
    }
  });
});
