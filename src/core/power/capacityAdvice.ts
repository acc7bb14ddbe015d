import type { PowerInstance } from './powerTypes';

/** Error codes (API) and state reasons (an accepted start that fell back to stopped) meaning "no hardware free". */
const CAPACITY = /^(Server\.)?Insufficient(Instance|Host)Capacity$/;

export function isCapacityProblem(code: string | undefined): boolean {
  return code !== undefined && CAPACITY.test(code);
}

/**
 * What a person can do when EC2 has no capacity for the type in the instance's zone: it is
 * temporary and specific to one type in one zone (EC2 user guide, "Insufficient instance capacity").
 */
export function capacityAdvice(instance: Pick<PowerInstance, 'label' | 'instanceId' | 'instanceType' | 'availabilityZone'>): string {
  const type = instance.instanceType ?? 'this instance type';
  const zone = instance.availabilityZone ?? 'its Availability Zone';
  return [
    `AWS has no free ${type} capacity in ${zone} right now, so ${instance.label} (${instance.instanceId}) could not start; it stays stopped and nothing is billed for its compute.`,
    'What to do: try Start again in a few minutes (capacity frees up as others stop);',
    `or run it on another type: Update Stack with a different InstanceType (a stopped instance keeps its volumes; GPU types differ by zone);`,
    `or move it to another zone: Update Stack with another AvailabilityZone. Moving zones replaces the instance and its root volume, so copy data off it first.`,
  ].join(' ');
}
