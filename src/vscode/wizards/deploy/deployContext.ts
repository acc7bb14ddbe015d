import type { LoadedTemplate } from '../../../core/cfn/templateTypes';
import type { OnFailure } from '../../../core/deploy/createStack';
import type { DeployEnvironment } from '../../../core/deploy/deployEnvironment';
import type { ExistingStack, PreparedDeploy } from '../../../core/deploy/prepareDeploy';
import type { KindId } from '../../../core/kinds/kinds';

/** What the deploy wizard needs from outside (VS Code, AWS); tests pass fakes. */
export interface DeployWizardEnvironment {
  /** Regions offered first (the session's), then every known region. */
  readonly regions: readonly string[];
  /** The deploy use case's environment: account choices, the caller's IP, kind templates. */
  readonly deploy: DeployEnvironment;
  /** Asks for a template file; undefined when the user backed out (errors are shown by the caller). */
  pickTemplateFile(): Promise<LoadedTemplate | undefined>;
  /** Status of an existing stack of that name, undefined when the name is free. */
  stackStatus(region: string, stackName: string): Promise<string | undefined>;
}

export interface DeployWizardContext {
  readonly env: DeployWizardEnvironment;
  readonly version: string;
  readonly userTags: Readonly<Record<string, string>>;
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
  /** Update: the stack as it is (region and name are then not asked). */
  readonly existing?: ExistingStack;
  /** Update: the parameters the stack has now; only their NoEcho values can be kept. */
  readonly currentParameters: ReadonlySet<string>;
  terminationProtection: boolean;
  onFailure: OnFailure;
  /** The last preparation, for the request in `key` (the review shown again does not redo it). */
  prepared?: { readonly key: string; readonly result: PreparedDeploy };
  confirmed: boolean;
}

export interface DeployWizardPreset {
  readonly version: string;
  readonly userTags?: Readonly<Record<string, string>>;
  readonly kind?: KindId;
  readonly template?: LoadedTemplate;
  readonly region?: string;
  readonly stackName?: string;
  readonly values?: Record<string, string>;
  readonly existing?: ExistingStack;
  readonly currentParameters?: readonly string[];
}

export function newDeployContext(env: DeployWizardEnvironment, preset: DeployWizardPreset): DeployWizardContext {
  return {
    env,
    version: preset.version,
    userTags: preset.userTags ?? {},
    ...(preset.kind ? { kind: preset.kind } : {}),
    ...(preset.template ? { template: preset.template } : {}),
    ...(preset.region ? { region: preset.region } : {}),
    ...(preset.stackName ? { stackName: preset.stackName } : {}),
    values: { ...(preset.values ?? {}) },
    keepPrevious: new Set(),
    presetSource: preset.template !== undefined,
    ...(preset.existing ? { existing: preset.existing } : {}),
    currentParameters: new Set(preset.currentParameters ?? []),
    terminationProtection: false,
    onFailure: 'ROLLBACK',
    confirmed: false,
  };
}
