import type { Stack } from '@aws-sdk/client-cloudformation';
import type { StackKind } from '../kinds/kinds';
import { recogniseKind, type KindEvidence } from '../kinds/recogniseKind';

export interface StackOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
  readonly exportName?: string;
}

export interface StackParameter {
  readonly key: string;
  /** `****` when masked: a NoEcho value never leaves toStackInfo, whatever the API returned. */
  readonly value: string;
  readonly masked: boolean;
}

/** A stack as the explorer and the CLI show it; plain data, safe to serialise. */
export interface StackInfo {
  readonly region: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly description?: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly kind: StackKind;
  readonly kindEvidence: KindEvidence;
  readonly version?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly outputs: readonly StackOutput[];
  readonly parameters: readonly StackParameter[];
  readonly terminationProtection: boolean;
}

const NO_ECHO_MASK = /^\*+$/;
export const MASK = '****';

/**
 * The stack as plain data. Parameter values are masked when the template declares them NoEcho
 * (`noEcho`, from NoEchoDeclarations), when the API masked them, and all of them when the
 * declarations are not known: a value returned in clear is never trusted to be public.
 */
export function toStackInfo(stack: Stack, region: string, noEcho?: ReadonlySet<string>): StackInfo {
  const tags = Object.fromEntries((stack.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const parameters = (stack.Parameters ?? []).map((p) => {
    const key = p.ParameterKey ?? '';
    const masked = noEcho === undefined || noEcho.has(key) || NO_ECHO_MASK.test(p.ParameterValue ?? '');
    return { key, value: masked ? MASK : (p.ResolvedValue ?? p.ParameterValue ?? ''), masked };
  });
  const { kind, evidence } = recogniseKind({
    stackName: stack.StackName ?? '',
    description: stack.Description,
    tags,
    parameterKeys: parameters.map((p) => p.key),
  });
  return {
    region,
    stackId: stack.StackId ?? '',
    stackName: stack.StackName ?? '',
    status: stack.StackStatus ?? 'UNKNOWN',
    ...(stack.StackStatusReason ? { statusReason: stack.StackStatusReason } : {}),
    ...(stack.Description ? { description: stack.Description } : {}),
    createdAt: (stack.CreationTime ?? new Date(0)).toISOString(),
    ...(stack.LastUpdatedTime ? { updatedAt: stack.LastUpdatedTime.toISOString() } : {}),
    kind,
    kindEvidence: evidence,
    ...(tags['imaging-lab:version'] ? { version: tags['imaging-lab:version'] } : {}),
    tags,
    outputs: (stack.Outputs ?? []).map((o) => ({
      key: o.OutputKey ?? '',
      value: o.OutputValue ?? '',
      ...(o.Description ? { description: o.Description } : {}),
      ...(o.ExportName ? { exportName: o.ExportName } : {}),
    })),
    parameters,
    terminationProtection: stack.EnableTerminationProtection ?? false,
  };
}

export function outputValue(stack: Pick<StackInfo, 'outputs'>, key: string): string | undefined {
  return stack.outputs.find((o) => o.key === key)?.value;
}

/** The parameter values a stack shows in clear (masked NoEcho values left out), by key. */
export function visibleParameterValues(stack: Pick<StackInfo, 'parameters'>): Record<string, string> {
  return Object.fromEntries(stack.parameters.filter((p) => !p.masked).map((p) => [p.key, p.value]));
}
