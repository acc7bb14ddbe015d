/** CloudFormation's rule: starts with a letter, then letters, digits and hyphens, at most 128 characters. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
export const STACK_NAME_MAX = 128;

/** Returns what is wrong with a stack name, or undefined when CloudFormation will accept it. */
export function validateStackName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a stack name.';
  if (name.length > STACK_NAME_MAX) return `A stack name has at most ${STACK_NAME_MAX} characters (this one has ${name.length}).`;
  if (!/^[A-Za-z]/.test(name)) return 'A stack name must start with a letter.';
  if (!STACK_NAME.test(name)) return 'A stack name may contain only letters, digits and hyphens (-).';
  return undefined;
}
