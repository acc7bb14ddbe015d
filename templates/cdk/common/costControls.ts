import type { Stack } from 'aws-cdk-lib';
import { IdleStop, type IdleStopProps } from './idleStop';
import { appendParameterGroup } from './parameterGroups';
import { StackBudget, tagStackCosts } from './stackBudget';

/**
 * The Costs group every single-instance kind offers: idle auto-stop of its instance, an optional
 * monthly budget, and the cost-allocation tags; the wizard shows them under "Costs".
 */
export function addCostControls(stack: Stack, props: IdleStopProps): void {
  const idle = new IdleStop(stack, 'IdleAutoStop', props);
  const budget = new StackBudget(stack, 'CostBudget');
  tagStackCosts(stack);
  appendParameterGroup(stack, {
    label: 'Costs',
    parameters: [
      { parameter: idle.mode, label: 'Stop when idle' },
      { parameter: idle.threshold, label: props.activity === 'cpu' ? 'Idle below (% CPU)' : 'Idle below (% CPU/GPU)' },
      { parameter: idle.minutes, label: 'Idle for (minutes)' },
      { parameter: budget.email, label: 'Budget alerts to (e-mail)' },
      { parameter: budget.amount, label: 'Monthly budget (USD)' },
    ],
  });
}
