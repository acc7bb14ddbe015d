import type { StackInfo } from '../../stacks/stackInfo';

/** A lab stack's output, or an error that names the output and what to do. */
export function labOutput(stack: Pick<StackInfo, 'stackName' | 'outputs'>, key: string): string {
  const value = stack.outputs.find((o) => o.key === key)?.value;
  if (value === undefined || value === '') {
    throw new Error(`Stack ${stack.stackName} has no ${key} output. Is it a research lab stack that finished deploying? Refresh the stack list, or update the stack to the current lab template.`);
  }
  return value;
}

/** A lab stack's parameter value ('' when absent or masked). */
export function labParameter(stack: Pick<StackInfo, 'parameters'>, key: string): string {
  const p = stack.parameters.find((x) => x.key === key);
  return p && !p.masked ? p.value : '';
}
