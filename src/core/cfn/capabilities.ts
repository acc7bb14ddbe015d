import type { CfnTemplate } from './templateTypes';

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | 'CAPABILITY_AUTO_EXPAND';

export interface CapabilityNeed {
  readonly capability: Capability;
  /** Why, for the review step ("AWS::IAM::Role InstanceRole has a custom RoleName"). */
  readonly reasons: readonly string[];
}

/** IAM resource types that need an acknowledged capability, and the property that names them. */
const IAM_TYPES: Readonly<Record<string, string | undefined>> = {
  'AWS::IAM::AccessKey': undefined,
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::InstanceProfile': 'InstanceProfileName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Policy': undefined,
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::UserToGroupAddition': undefined,
};

function transforms(template: CfnTemplate): string[] {
  const t = template.Transform;
  if (t === undefined) return [];
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
}

function containsFnTransform(value: unknown, depth = 0): boolean {
  if (depth > 200 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => containsFnTransform(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k === 'Fn::Transform' || containsFnTransform(v, depth + 1));
}

/**
 * Capabilities CreateStack must acknowledge for this template: IAM resources need CAPABILITY_IAM,
 * IAM resources with custom names CAPABILITY_NAMED_IAM, macros/transforms CAPABILITY_AUTO_EXPAND.
 */
export function requiredCapabilities(template: CfnTemplate): CapabilityNeed[] {
  const iam: string[] = [];
  const named: string[] = [];
  const expand: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type in IAM_TYPES) {
      const nameProperty = IAM_TYPES[resource.Type];
      if (nameProperty && resource.Properties?.[nameProperty] !== undefined) named.push(`${resource.Type} ${logicalId} has a custom ${nameProperty}`);
      else iam.push(`${resource.Type} ${logicalId}`);
    }
    if (resource.Type === 'AWS::CloudFormation::Stack') expand.push(`nested stack ${logicalId} may use macros`);
  }
  for (const t of transforms(template)) {
    expand.push(`Transform ${t}`);
    // SAM and most macros generate IAM roles the template text does not show.
    iam.push(`Transform ${t} can create IAM resources`);
  }
  if (containsFnTransform(template.Resources) || containsFnTransform(template.Outputs)) expand.push('Fn::Transform (macro) in the template');
  const needs: CapabilityNeed[] = [];
  if (named.length > 0) needs.push({ capability: 'CAPABILITY_NAMED_IAM', reasons: [...named, ...iam] });
  else if (iam.length > 0) needs.push({ capability: 'CAPABILITY_IAM', reasons: iam });
  if (expand.length > 0) needs.push({ capability: 'CAPABILITY_AUTO_EXPAND', reasons: expand });
  return needs;
}
