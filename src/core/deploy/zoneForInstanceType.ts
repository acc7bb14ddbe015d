import { paginateDescribeInstanceTypeOfferings } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { friendlyAwsError } from '../aws/errors';
import { parameterList } from '../cfn/parameterModel';
import type { CfnTemplate } from '../cfn/templateTypes';

/** Templates with both parameters get their zone checked (by name, for any template, not only MDE). */
export const INSTANCE_TYPE_PARAMETER = 'InstanceType';
export const ZONE_PARAMETER = 'AvailabilityZone';

const OFFERINGS_ACTION = 'ec2:DescribeInstanceTypeOfferings';

export type ZoneChoice =
  /** `zone` is what to pass ('' keeps the template's own choice); `note` says why, for the review or stderr. */
  | { readonly ok: true; readonly zone: string; readonly checked: boolean; readonly note: string }
  | { readonly ok: false; readonly message: string; readonly offeringZones: readonly string[] };

/** The region's zones that offer `instanceType`, in name order. */
export async function zonesOffering(clients: AwsClients, region: string, instanceType: string, signal?: AbortSignal): Promise<string[]> {
  const client = await clients.ec2(region);
  const zones = new Set<string>();
  const pages = paginateDescribeInstanceTypeOfferings(
    { client },
    { LocationType: 'availability-zone', Filters: [{ Name: 'instance-type', Values: [instanceType] }] },
    { abortSignal: signal },
  );
  for await (const page of pages) {
    for (const o of page.InstanceTypeOfferings ?? []) if (o.InstanceType === instanceType && o.Location) zones.add(o.Location);
  }
  return [...zones].sort();
}

function isDenied(error: unknown): boolean {
  return friendlyAwsError(error).category === 'access-denied';
}

/**
 * The zone to create `instanceType` in: the requested one if it offers the type, for '' the first
 * offering zone; otherwise an error naming the zones that do. A denied check does not block.
 */
export async function zoneForInstanceType(
  clients: AwsClients,
  region: string,
  instanceType: string,
  requested: string,
  signal?: AbortSignal,
  /** Where the offering zones come from; a caller that already listed them passes its list. */
  offering: () => Promise<readonly string[]> = () => zonesOffering(clients, region, instanceType, signal),
): Promise<ZoneChoice> {
  let zones: readonly string[];
  try {
    zones = await offering();
  } catch (error) {
    if (!isDenied(error)) throw error;
    const where = requested === '' ? `the first zone of ${region}` : requested;
    return {
      ok: true,
      zone: requested,
      checked: false,
      note: `could not check which zones of ${region} offer ${instanceType} (the identity lacks ${OFFERINGS_ACTION}); using ${where}. If creation fails with "not supported in your requested Availability Zone", allow ${OFFERINGS_ACTION} or choose ${ZONE_PARAMETER} yourself.`,
    };
  }
  if (zones.length === 0) {
    return { ok: false, offeringZones: [], message: `${region} offers ${instanceType} in no Availability Zone. Pick another instance type or another region.` };
  }
  if (requested === '') {
    return { ok: true, zone: zones[0]!, checked: true, note: `${zones[0]}, the first zone of ${region} that offers ${instanceType}` };
  }
  if (zones.includes(requested)) return { ok: true, zone: requested, checked: true, note: `${requested} offers ${instanceType}` };
  return {
    ok: false,
    offeringZones: zones,
    message: `${requested} does not offer ${instanceType}. Zones of ${region} that do: ${zones.join(', ')}. Choose one of them for ${ZONE_PARAMETER}, or leave it empty to use the first.`,
  };
}

export interface Placement {
  /** The template's zone parameter. */
  readonly parameter: string;
  readonly instanceType: string;
  readonly choice: ZoneChoice;
}

/**
 * For a template with `InstanceType` and `AvailabilityZone` parameters: which zone the chosen type
 * can be created in (values given, else template defaults). Undefined for other templates, or
 * when no instance type is chosen yet.
 */
export async function placementFor(
  clients: AwsClients,
  region: string,
  template: CfnTemplate,
  values: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<Placement | undefined> {
  const placement = placementInputs(template, values);
  if (!placement) return undefined;
  const choice = await zoneForInstanceType(clients, region, placement.instanceType, placement.requested, signal);
  return { parameter: ZONE_PARAMETER, instanceType: placement.instanceType, choice };
}

/** The instance type and requested zone of a template's values, or undefined when there is nothing to check. */
export function placementInputs(template: CfnTemplate, values: Readonly<Record<string, string>>): { instanceType: string; requested: string } | undefined {
  const params = parameterList(template);
  const type = params.find((p) => p.key === INSTANCE_TYPE_PARAMETER);
  const zone = params.find((p) => p.key === ZONE_PARAMETER);
  if (!type || !zone) return undefined;
  const instanceType = values[type.key] ?? type.defaultValue ?? '';
  if (instanceType === '') return undefined;
  return { instanceType, requested: values[zone.key] ?? zone.defaultValue ?? '' };
}
