import { friendlyAwsError } from '../../../core/aws/errors';
import { placementInputs, ZONE_PARAMETER, type ZoneChoice } from '../../../core/deploy/zoneForInstanceType';
import type { DeployWizardContext } from './deployContext';

function checkKey(c: DeployWizardContext): { key: string; instanceType: string; requested: string } | undefined {
  if (!c.template || !c.region) return undefined;
  const inputs = placementInputs(c.template.template, c.values);
  return inputs ? { key: [c.region, inputs.instanceType, inputs.requested].join('\n'), ...inputs } : undefined;
}

/**
 * Before the review: which zone offers the chosen instance type (templates with `InstanceType` and
 * `AvailabilityZone` parameters only). Asked once per region, type and requested zone; a failed
 * check is not kept, so showing the review again retries it.
 */
export async function checkZone(c: DeployWizardContext): Promise<ZoneChoice | undefined> {
  const inputs = checkKey(c);
  if (!inputs) return undefined;
  if (c.zoneCheck?.key === inputs.key) return c.zoneCheck.choice;
  try {
    const choice = await c.env.zoneFor(c.region ?? '', inputs.instanceType, inputs.requested);
    c.zoneCheck = { key: inputs.key, choice };
    return choice;
  } catch (error) {
    delete c.zoneCheck;
    const why = friendlyAwsError(error, { region: c.region ?? '', action: 'ec2:DescribeInstanceTypeOfferings' }).message;
    return { ok: false, offeringZones: [], message: `Could not check which zones offer ${inputs.instanceType}: ${why} Choose this line to try again.` };
  }
}

/** The chosen values with the checked zone filled in (the user's own answer stays in `c.values`, so going back re-checks it). */
export function valuesWithZone(c: DeployWizardContext): Record<string, string> {
  const inputs = checkKey(c);
  const choice = inputs && c.zoneCheck?.key === inputs.key ? c.zoneCheck.choice : undefined;
  return choice?.ok && choice.zone !== '' ? { ...c.values, [ZONE_PARAMETER]: choice.zone } : c.values;
}
