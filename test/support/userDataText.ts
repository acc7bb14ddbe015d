/** CloudFormation intrinsics that can appear in a synthesized UserData. */
interface Intrinsic {
  readonly 'Fn::Join'?: [string, unknown[]];
  readonly 'Fn::If'?: [string, unknown, unknown];
  readonly 'Fn::GetAtt'?: [string, string];
  readonly Ref?: string;
}

/**
 * The user data of an instance as EC2 would receive it, each CloudFormation value replaced by a
 * readable stand-in (`placeholder-<Ref>`; Fn::If takes its true branch).
 */
export function renderedUserData(template: Record<string, unknown>, logicalId: string): string {
  const resources = template.Resources as Record<string, { Properties: { UserData: { 'Fn::Base64': unknown } } }>;
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Intrinsic;
    if (o['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    if (o['Fn::If']) return render(o['Fn::If'][1]);
    if (o['Fn::GetAtt']) return `placeholder-${o['Fn::GetAtt'].join('-').replace(/[^A-Za-z0-9-]/g, '')}`;
    if (o.Ref) return `placeholder-${o.Ref.replace(/[^A-Za-z0-9-]/g, '')}`;
    throw new Error(`unexpected intrinsic ${JSON.stringify(o)}`);
  };
  return render(resources[logicalId]!.Properties.UserData['Fn::Base64']);
}

/** The literal parts of a user data (what does not come from a CloudFormation value) and how many values it takes. */
export function userDataParts(template: Record<string, unknown>, logicalId: string): { literalBytes: number; values: unknown[] } {
  const resources = template.Resources as Record<string, { Properties: { UserData: { 'Fn::Base64': { 'Fn::Join': [string, unknown[]] } } } }>;
  const parts = resources[logicalId]!.Properties.UserData['Fn::Base64']['Fn::Join'][1];
  const literal = parts.filter((p): p is string => typeof p === 'string').join('');
  return { literalBytes: Buffer.byteLength(literal), values: parts.filter((p) => typeof p !== 'string') };
}

/** Files written by quoted heredocs (`cat >"$DIR/name" <<'END' ... END`) in a user data, by name. */
export function heredocFiles(userData: string): Map<string, string> {
  const files = new Map<string, string>();
  const pattern = /^cat >"\$[A-Z_]+\/([A-Za-z0-9._-]+)" <<'([A-Z_]+)'\n([\s\S]*?)^\2$/gm;
  for (const match of userData.matchAll(pattern)) files.set(match[1]!, match[3]!);
  return files;
}
