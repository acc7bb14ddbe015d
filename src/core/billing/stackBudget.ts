import type { StackInfo } from '../stacks/stackInfo';

/** A stack's AWS Budgets cost budget, as its template's Costs parameters asked for it. */
export interface StackBudget {
  readonly monthlyUsd: number;
}

const WHOLE_DOLLARS = /^[1-9][0-9]{0,5}$/;

/**
 * The budget a stack's template created: a non-empty `BudgetEmail` turns it on (templates/cdk/common/stackBudget.ts),
 * `BudgetMonthlyUsd` is its amount. Parameter values come from AWS: an amount that is not a plain whole number is not shown.
 */
export function stackBudget(stack: Pick<StackInfo, 'parameters'>): StackBudget | undefined {
  const value = (key: string) => stack.parameters.find((p) => p.key === key);
  const email = value('BudgetEmail');
  const amount = value('BudgetMonthlyUsd');
  if (!email || email.masked || email.value.trim() === '' || !amount || !WHOLE_DOLLARS.test(amount.value)) return undefined;
  return { monthlyUsd: Number(amount.value) };
}

/** `budget $100/mo`: the stack node's description. */
export function budgetLabel(budget: StackBudget): string {
  return `budget $${budget.monthlyUsd}/mo`;
}

/** The stack node's tooltip line. */
export function budgetText(budget: StackBudget): string {
  return `Budget: $${budget.monthlyUsd} per month for costs tagged with this stack (AWS Budgets e-mails at 80 % and 100 %; it counts only once imaging-lab:stack is activated as a cost allocation tag).`;
}
