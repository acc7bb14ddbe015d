import { parameterHints } from '../cfn/parameterHints';
import type { TemplateParameter } from '../cfn/parameterModel';
import type { CfnTemplate } from '../cfn/templateTypes';
import type { AccountChoice } from './accountChoices';
import type { DeployEnvironment } from './deployEnvironment';
import { accountResourceProvider } from './providers/accountResources';
import { acceptsHostCidr, callerCidrProvider } from './providers/callerCidr';
import { zoneOfferingProvider } from './providers/zoneOffering';

/** What a provider knows of the deployment: where, which template, the values so far. */
export interface ProviderContext {
  readonly env: DeployEnvironment;
  readonly operation: 'create' | 'update';
  readonly region: string;
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** Values so far (what the user gave; template defaults are not filled in). */
  readonly values: Readonly<Record<string, string>>;
  /** Update: the stack's current values. */
  readonly previous?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** The outcome of checking a value before anything is created. */
export interface ProviderCheck {
  /** The value to use instead (e.g. the zone picked for an empty one). */
  readonly value?: string;
  readonly note?: string;
  /** The check could not be made (e.g. permission denied): the note says so. */
  readonly unchecked?: boolean;
  readonly blocker?: string;
}

/**
 * Where the values of a parameter come from beyond its declaration: offered choices (the wizard),
 * a value when none is given (the caller's /32), a check before anything is created (the zone
 * offers the instance type). Chosen by the parameter's CloudFormation type or the template's
 * `ImagingLab::ParameterHints`, never by the parameter's name.
 */
export interface ParameterProvider {
  choices?(p: TemplateParameter, context: ProviderContext): Promise<readonly AccountChoice[]>;
  fill?(p: TemplateParameter, context: ProviderContext): Promise<string | undefined>;
  check?(p: TemplateParameter, value: string, context: ProviderContext): Promise<ProviderCheck>;
}

export function providerFor(p: TemplateParameter, template: CfnTemplate): ParameterProvider | undefined {
  const hint = parameterHints(template).get(p.key);
  if (hint?.Provider === 'ZoneOffering') return zoneOfferingProvider(hint.InstanceTypeParameter);
  if (hint?.Provider === 'CallerCidr') return callerCidrProvider;
  if (p.typeInfo.input === 'aws-resource' && p.typeInfo.resource && p.typeInfo.resource !== 'other') return accountResourceProvider(p.typeInfo.resource);
  if (p.typeInfo.input === 'string' && acceptsHostCidr(p.allowedPattern)) return callerCidrProvider;
  return undefined;
}
