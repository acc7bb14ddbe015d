import { friendlyAwsError } from '../../aws/errors';
import type { AccountChoice } from '../accountChoices';
import type { ParameterProvider, ProviderCheck, ProviderContext } from '../parameterProviders';

const OFFERINGS_ACTION = 'ec2:DescribeInstanceTypeOfferings';

function instanceTypeOf(c: ProviderContext, parameter: string): string {
  const declared = c.template.Parameters?.[parameter]?.Default;
  return c.values[parameter] ?? (declared === undefined || declared === null ? '' : String(declared));
}

/** Create: the requested zone if it offers the type, for '' the first that does; a denied look-up does not block. */
async function checkForCreate(key: string, type: string, requested: string, c: ProviderContext): Promise<ProviderCheck> {
  let zones: readonly string[];
  try {
    zones = await c.env.zonesOffering(c.region, type, c.signal);
  } catch (error) {
    const friendly = friendlyAwsError(error, { region: c.region, action: OFFERINGS_ACTION });
    if (friendly.category !== 'access-denied') throw new Error(`Could not check which zones offer ${type}: ${friendly.message}`, { cause: error });
    const where = requested === '' ? `the first zone of ${c.region}` : requested;
    return {
      unchecked: true,
      note: `could not check which zones of ${c.region} offer ${type} (the identity lacks ${OFFERINGS_ACTION}); using ${where}. If creation fails with "not supported in your requested Availability Zone", allow ${OFFERINGS_ACTION} or choose ${key} yourself.`,
    };
  }
  if (zones.length === 0) return { blocker: `${c.region} offers ${type} in no Availability Zone. Pick another instance type or another region.` };
  if (requested === '') return { value: zones[0], note: `${zones[0]}, the first zone of ${c.region} that offers ${type}` };
  if (zones.includes(requested)) return { note: `${requested} offers ${type}` };
  return { blocker: `${requested} does not offer ${type}. Zones of ${c.region} that do: ${zones.join(', ')}. Choose one of them for ${key}, or leave it empty to use the first.` };
}

/**
 * Update: a new instance type must be offered in the zone the instance runs in (moving zones would
 * replace the instance and the data on it). Never fills a zone; a look-up that fails lets the
 * change set go ahead (CloudFormation still checks; this only spares a failed update).
 */
async function checkForUpdate(parameter: string, type: string, requested: string, c: ProviderContext): Promise<ProviderCheck> {
  if (c.values[parameter] === undefined || c.values[parameter] === c.previous?.[parameter]) return {};
  const zone = requested || (await c.env.instanceZone(c.region, c.stackName, c.signal));
  if (!zone) return {};
  const zones = await c.env.zonesOffering(c.region, type, c.signal).catch(() => undefined);
  if (!zones || zones.includes(zone)) return {};
  const elsewhere = zones.length > 0 ? `It is offered in ${zones.join(', ')}, but moving there would replace the instance and the data on it.` : `${c.region} does not offer it at all.`;
  return { blocker: `${type} is not offered in ${zone}, where the instance of ${c.stackName} runs. ${elsewhere} Pick an instance type offered in ${zone}.` };
}

/**
 * An Availability Zone that must offer the instance type chosen for `instanceTypeParameter`
 * (GPU types are not offered in every zone), from the template's hint.
 */
export function zoneOfferingProvider(instanceTypeParameter: string): ParameterProvider {
  return {
    async choices(p, c) {
      const type = instanceTypeOf(c, instanceTypeParameter);
      const zones = type === '' ? [] : await c.env.zonesOffering(c.region, type, c.signal).catch(() => []);
      if (zones.length === 0) return [];
      // An update keeps its zone unless told otherwise (moving replaces the instance), offered or not.
      const current = c.values[p.key] ?? '';
      const kept: AccountChoice[] = current !== '' && !zones.includes(current) ? [{ label: current, value: current }] : [];
      return [...kept, { icon: 'check', label: `Any zone that offers ${type}`, description: `Imaging Lab picks ${zones[0]}`, value: '' }, ...zones.map((zone) => ({ label: zone, value: zone }))];
    },
    async check(p, value, c) {
      const type = instanceTypeOf(c, instanceTypeParameter);
      if (type === '') return {};
      return c.operation === 'update' ? checkForUpdate(instanceTypeParameter, type, value, c) : checkForCreate(p.key, type, value, c);
    },
  };
}
