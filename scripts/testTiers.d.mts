export interface TestTier {
  readonly name: string;
  readonly cmd: readonly string[];
  readonly then?: readonly string[];
  /** Why the tier cannot run (its script left package.json); such a tier fails. */
  readonly missing?: string;
}
export function testTiers(manifest: { scripts?: Record<string, string> }): TestTier[];
