/** Deep links into the AWS console (the console keeps the user's own sign-in; nothing is embedded). */
export function stackConsoleUrl(region: string, stackId: string): string {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/cloudformation/home?region=${r}#/stacks/stackinfo?stackId=${encodeURIComponent(stackId)}`;
}

export function instanceConsoleUrl(region: string, instanceId: string): string {
  const r = encodeURIComponent(region);
  return `https://${r}.console.aws.amazon.com/ec2/home?region=${r}#InstanceDetails:instanceId=${encodeURIComponent(instanceId)}`;
}
