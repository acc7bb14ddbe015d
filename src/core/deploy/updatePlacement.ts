import type { AwsClients } from '../aws/clients';
import type { CfnTemplate } from '../cfn/templateTypes';
import { listStackInstances } from '../stacks/stackInstances';
import { INSTANCE_TYPE_PARAMETER, placementInputs, zonesOffering } from './zoneForInstanceType';

/**
 * Before an update changes the instance type of a template with a zone parameter: is the new type
 * offered in the zone the instance already runs in? Moving zones would replace the instance, the
 * subnet and the data on them, so an update must not find out halfway through. Returns the
 * problem to show, or undefined when the update may go ahead (also when the check cannot be made).
 */
export async function updatePlacementProblem(
  clients: AwsClients,
  stack: { region: string; stackName: string },
  template: CfnTemplate,
  previous: Readonly<Record<string, string>>,
  next: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const inputs = placementInputs(template, next);
  if (!inputs || next[INSTANCE_TYPE_PARAMETER] === undefined || next[INSTANCE_TYPE_PARAMETER] === previous[INSTANCE_TYPE_PARAMETER]) return undefined;
  const zone = inputs.requested || (await listStackInstances(clients, stack.region, stack.stackName, signal)).find((i) => i.availabilityZone)?.availabilityZone;
  if (!zone) return undefined;
  let zones: string[];
  try {
    zones = await zonesOffering(clients, stack.region, inputs.instanceType, signal);
  } catch {
    return undefined; // the change set and CloudFormation still check; this is a courtesy
  }
  if (zones.includes(zone)) return undefined;
  const elsewhere = zones.length > 0 ? `It is offered in ${zones.join(', ')}, but moving there would replace the instance and the data on it.` : `${stack.region} does not offer it at all.`;
  return `${inputs.instanceType} is not offered in ${zone}, where the instance of ${stack.stackName} runs. ${elsewhere} Pick an instance type offered in ${zone}.`;
}
