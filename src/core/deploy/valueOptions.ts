import type { TemplateParameter } from '../cfn/parameterModel';
import { PRICE_USD_PER_HOUR, type PricedItem } from '../kinds/costs';
import { isIpv4 } from '../net/publicIp';
import { acceptsHostCidr } from './providers/callerCidr';

/** How an allowed value is offered: booleans as Yes/No, instance types with their hourly price. */
export function allowedValueOption(p: TemplateParameter, value: string): { label: string; description?: string } {
  const allowed = new Set(p.allowedValues ?? []);
  if (allowed.size === 2 && allowed.has('true') && allowed.has('false')) return { label: value === 'true' ? 'Yes' : 'No' };
  const price = /InstanceType$/i.test(p.key) ? PRICE_USD_PER_HOUR[`ec2:${value}` as PricedItem] : undefined;
  return price === undefined ? { label: value } : { label: value, description: `~$${price.toFixed(price < 0.1 ? 4 : 3)}/h on demand (us-east-1)` };
}

/** A bare IPv4 address typed where the parameter takes a host CIDR becomes that address's /32. */
export function completeHostCidr(p: TemplateParameter, typed: string): string {
  const value = typed.trim();
  return isIpv4(value) && acceptsHostCidr(p.allowedPattern) ? `${value}/32` : typed;
}
