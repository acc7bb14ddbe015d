import { Aws, CfnCondition, CfnParameter, Fn, Stack, Tags } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import { Construct } from 'constructs';

/**
 * Tag on every resource of the stack naming the stack (value: the deployed stack name), so costs
 * can be grouped and budgeted per stack once it is activated as a cost allocation tag.
 */
export const STACK_COST_TAG = 'imaging-lab:stack';

export function tagStackCosts(stack: Stack): void {
  Tags.of(stack).add(STACK_COST_TAG, Aws.STACK_NAME);
}

/** Loose on purpose (AWS Budgets checks the address); it refuses spaces, quotes and missing parts. */
export const EMAIL_PATTERN = '^$|^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$';
export const BUDGET_ALERT_PERCENTS = [80, 100] as const;

/**
 * An optional AWS Budgets cost budget for this stack: monthly, counting the costs tagged
 * `imaging-lab:stack=<stack name>`, with e-mail alerts when actual costs pass 80 % and 100 %.
 * Created only when an e-mail address is given (parameter BudgetEmail).
 */
export class StackBudget extends Construct {
  readonly email: CfnParameter;
  readonly amount: CfnParameter;
  readonly enabled: CfnCondition;
  readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.email = new CfnParameter(stack, 'BudgetEmail', {
      type: 'String',
      default: '',
      allowedPattern: EMAIL_PATTERN,
      description:
        `E-mail address for cost alerts at ${BUDGET_ALERT_PERCENTS.join(' % and ')} % of a monthly budget for this stack; empty: no budget. ` +
        `The budget counts costs tagged ${STACK_COST_TAG}=<stack name>: activate that tag once in Billing > Cost allocation tags, or the budget sees nothing.`,
      constraintDescription: 'must be an e-mail address, or empty for no budget.',
    });
    this.amount = new CfnParameter(stack, 'BudgetMonthlyUsd', {
      type: 'Number',
      default: 100,
      minValue: 1,
      maxValue: 100000,
      description: 'Monthly budget for this stack in USD (used only with an e-mail address).',
      constraintDescription: 'must be a whole number of US dollars from 1 to 100000.',
    });
    this.enabled = new CfnCondition(stack, 'BudgetOn', { expression: Fn.conditionNot(Fn.conditionEquals(this.email.valueAsString, '')) });
    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        // Budget names are unique per account: the same stack name can exist in two regions.
        budgetName: `imaging-lab-${Aws.STACK_NAME}-${Aws.REGION}`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: this.amount.valueAsNumber, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:${STACK_COST_TAG}$${Aws.STACK_NAME}`] },
      },
      notificationsWithSubscribers: BUDGET_ALERT_PERCENTS.map((threshold) => ({
        notification: { notificationType: 'ACTUAL', comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
        subscribers: [{ subscriptionType: 'EMAIL', address: this.email.valueAsString }],
      })),
    });
    this.budget.cfnOptions.condition = this.enabled;
  }
}
