/** A parsed CloudFormation template as plain JSON-like data (short-form intrinsics expanded). */
export interface CfnTemplate {
  readonly AWSTemplateFormatVersion?: string;
  readonly Description?: string;
  readonly Transform?: string | readonly unknown[];
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly Parameters?: Readonly<Record<string, CfnParameterDeclaration>>;
  readonly Conditions?: Readonly<Record<string, unknown>>;
  readonly Resources: Readonly<Record<string, CfnResourceDeclaration>>;
  readonly Outputs?: Readonly<Record<string, unknown>>;
}

export interface CfnParameterDeclaration {
  readonly Type?: string;
  readonly Description?: string;
  readonly Default?: unknown;
  readonly AllowedValues?: readonly unknown[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly NoEcho?: boolean | string;
}

export interface CfnResourceDeclaration {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Condition?: string;
  readonly DependsOn?: string | readonly string[];
  readonly CreationPolicy?: unknown;
  readonly DeletionPolicy?: string;
  readonly Metadata?: unknown;
}

/** The template text together with what was parsed from it. */
export interface LoadedTemplate {
  readonly body: string;
  readonly format: 'json' | 'yaml';
  readonly template: CfnTemplate;
  /** Where the text came from, for messages (a file path, or a kind's name). */
  readonly source: string;
}
