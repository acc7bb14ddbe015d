import { isKindId, TAG_KIND, type StackKind } from './kindIds';

/** How a stack's kind was decided: our tag, a seed template's fingerprint, or not at all. */
export type KindEvidence = 'tag' | 'signature' | 'none';

export interface StackFacts {
  readonly stackName: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly parameterKeys: readonly string[];
}

interface Signature {
  readonly kind: StackKind;
  /** Why this fingerprint identifies the seed system, for maintainers. */
  readonly why: string;
  matches(facts: StackFacts): boolean;
}

const EKSCTL_CLUSTER_TAG = 'alpha.eksctl.io/cluster-name';

/**
 * Fingerprints of stacks made from the seeds' own templates, so users who deployed them before
 * Imaging Lab existed still see them under the right kind. Only data DescribeStacks already
 * returns is used: no extra API call per stack.
 */
const SIGNATURES: readonly Signature[] = [
  {
    kind: 'mde',
    why: "upstream MDE.template.json (Project-MONAI/monai-deploy) has the unique parameter 'monaiuserpassword'",
    matches: (f) => f.parameterKeys.includes('monaiuserpassword') || /monai deploy express/i.test(f.description ?? ''),
  },
  {
    kind: 'stowrs',
    why: 'the stowrs-to-s3 CDK app names its stacks after the service',
    matches: (f) => /stow-?rs[-_ ]?(to)?[-_ ]?s3/i.test(f.stackName) || /stow-?rs/i.test(f.description ?? ''),
  },
  {
    kind: 'tator',
    why: 'the Tator guide creates its EKS cluster with eksctl, which tags its stacks with the cluster name',
    matches: (f) => /tator/i.test(f.tags[EKSCTL_CLUSTER_TAG] ?? '') || /tator/i.test(f.description ?? ''),
  },
  {
    kind: 'orthanc',
    why: 'Orthanc stacks describe themselves as such (Orthweb itself is Terraform and makes no stack)',
    matches: (f) => /\borthanc\b/i.test(f.description ?? '') && !/monai/i.test(f.description ?? ''),
  },
  {
    kind: 'lab',
    why: 'the research lab combines Jupyter and FileGator',
    matches: (f) => /filegator/i.test(f.description ?? '') || (/jupyter/i.test(f.description ?? '') && /vpn/i.test(f.description ?? '')),
  },
];

export function recogniseKind(facts: StackFacts): { kind: StackKind; evidence: KindEvidence } {
  const tagged = facts.tags[TAG_KIND];
  if (isKindId(tagged)) return { kind: tagged, evidence: 'tag' };
  const signature = SIGNATURES.find((s) => s.matches(facts));
  return signature ? { kind: signature.kind, evidence: 'signature' } : { kind: 'other', evidence: 'none' };
}
