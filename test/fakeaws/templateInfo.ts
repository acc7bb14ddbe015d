import { parse } from 'yaml';
import { validationError } from './errors';
import { assertLoopbackOnly, loopbackPlaceholder } from './loopbackOnly';
import type { FakeOutput, FakeResource } from './model';

export interface TemplateDoc {
  Description?: unknown;
  Metadata?: unknown;
  Parameters?: Record<string, Record<string, unknown>>;
  Resources?: Record<string, { Type?: unknown; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value?: unknown; Description?: unknown }>;
}

/** Parses a JSON or YAML template body the way CloudFormation validates it (enough for the fake). */
export function parseTemplate(body: string): TemplateDoc {
  const t = parseTemplateDoc(body);
  if (!t.Resources || Object.keys(t.Resources).length === 0) {
    throw validationError('Template format error: At least one Resources member must be defined.');
  }
  return t;
}

/** The template as a document, without CloudFormation's own checks (a stack's stored template). */
export function parseTemplateDoc(body: string): TemplateDoc {
  let doc: unknown;
  try {
    // CloudFormation short-form tags (!Ref, !Sub...) are unknown to a plain YAML parser: keep going.
    doc = parse(body, { logLevel: 'silent' });
  } catch (error) {
    throw validationError(`Template format error: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!doc || typeof doc !== 'object') throw validationError('Template format error: JSON not well-formed.');
  return doc as TemplateDoc;
}

export function templateResources(t: TemplateDoc): FakeResource[] {
  return Object.entries(t.Resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: String(r.Type ?? 'AWS::CloudFormation::WaitConditionHandle') }));
}

/** Outputs as a created stack would report them: literal values kept, expressions given a loopback stand-in. */
export function templateOutputs(t: TemplateDoc, stackName: string): FakeOutput[] {
  const outputs = Object.entries(t.Outputs ?? {}).map(([key, o]) => ({
    key,
    value: typeof o.Value === 'string' || typeof o.Value === 'number' ? String(o.Value) : loopbackPlaceholder(stackName, key),
    ...(typeof o.Description === 'string' ? { description: o.Description } : {}),
  }));
  assertLoopbackOnly({ name: stackName, outputs });
  return outputs;
}

export function templateParameters(t: TemplateDoc) {
  return Object.entries(t.Parameters ?? {}).map(([key, p]) => ({
    ParameterKey: key,
    DefaultValue: p.Default === undefined ? undefined : String(p.Default),
    ParameterType: String(p.Type ?? 'String'),
    NoEcho: p.NoEcho === true || p.NoEcho === 'true',
    Description: typeof p.Description === 'string' ? p.Description : undefined,
    ParameterConstraints: Array.isArray(p.AllowedValues) ? { AllowedValues: p.AllowedValues.map(String) } : {},
  }));
}

export function templateDescription(t: TemplateDoc): string | undefined {
  return typeof t.Description === 'string' ? t.Description : undefined;
}

export function templateMetadata(t: TemplateDoc): string | undefined {
  return t.Metadata === undefined ? undefined : JSON.stringify(t.Metadata);
}
