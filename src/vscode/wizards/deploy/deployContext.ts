import type { AwsResourceKind } from '../../../core/cfn/parameterTypes';
import type { LoadedTemplate } from '../../../core/cfn/templateTypes';
import type { KindId } from '../../../core/kinds/kinds';
import type { OnFailure } from '../../../core/deploy/createStack';
import type { ZoneChoice } from '../../../core/deploy/zoneForInstanceType';
import type { PickOption } from '../prompter';

/** What the deploy wizard needs from outside (VS Code, AWS); tests pass fakes. */
export interface DeployWizardEnvironment {
  /** Regions offered first (the session's), then every known region. */
  readonly regions: readonly string[];
  loadKindTemplate(kind: KindId): Promise<LoadedTemplate>;
  /** Asks for a template file; undefined when the user backed out (errors are shown by the caller). */
  pickTemplateFile(): Promise<LoadedTemplate | undefined>;
  /** Status of an existing stack of that name, undefined when the name is free. */
  stackStatus(region: string, stackName: string): Promise<string | undefined>;
  /** Values of an AWS-specific parameter type from the account (key pairs, VPCs, ...). */
  accountChoices(region: string, resource: AwsResourceKind): Promise<readonly PickOption<string>[]>;
  publicIp(): Promise<string>;
  /** Which zone of the region offers the instance type (requested '' = the first that does). */
  zoneFor(region: string, instanceType: string, requested: string): Promise<ZoneChoice>;
  /** The region's zones that offer the instance type, in name order (absent: the zone is typed). */
  zonesOffering?(region: string, instanceType: string): Promise<readonly string[]>;
}

export interface DeployWizardContext {
  readonly env: DeployWizardEnvironment;
  kind?: KindId;
  template?: LoadedTemplate;
  region?: string;
  stackName?: string;
  /** Parameter values chosen so far (defaults included once the user passed their step). */
  readonly values: Record<string, string>;
  /** NoEcho parameters whose current value is kept (update only). */
  readonly keepPrevious: Set<string>;
  /** Set when the template (and so the kind) was fixed before the wizard (explorer, update). */
  readonly presetSource: boolean;
  /** Update: region and name are the stack's and are not asked. */
  readonly existingStack: boolean;
  /** Update: the parameters the stack has now; only their NoEcho values can be kept. */
  readonly currentParameters: ReadonlySet<string>;
  terminationProtection: boolean;
  onFailure: OnFailure;
  confirmed: boolean;
  /** The last zone check, for the region, instance type and requested zone in `key`. */
  zoneCheck?: { readonly key: string; readonly choice: ZoneChoice };
}

export function newDeployContext(env: DeployWizardEnvironment, preset: Partial<Pick<DeployWizardContext, 'kind' | 'template' | 'region' | 'stackName'>> & { values?: Record<string, string>; existingStack?: boolean; currentParameters?: readonly string[] } = {}): DeployWizardContext {
  return {
    env,
    ...(preset.kind ? { kind: preset.kind } : {}),
    ...(preset.template ? { template: preset.template } : {}),
    ...(preset.region ? { region: preset.region } : {}),
    ...(preset.stackName ? { stackName: preset.stackName } : {}),
    values: { ...(preset.values ?? {}) },
    keepPrevious: new Set(),
    presetSource: preset.template !== undefined,
    existingStack: preset.existingStack ?? false,
    currentParameters: new Set(preset.currentParameters ?? []),
    terminationProtection: false,
    onFailure: 'ROLLBACK',
    confirmed: false,
  };
}
